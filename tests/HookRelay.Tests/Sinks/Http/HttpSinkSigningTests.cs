using System.Globalization;
using System.Text;
using HookRelay.Sinks;
using HookRelay.Sinks.Http;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Sinks.Http;

/// <summary>
/// Standard Webhooks signatures, checked two independent ways: against the published test vector,
/// and by the receiving server with <see cref="IndependentVerifier"/>, which shares no code with the signer.
/// </summary>
public sealed class HttpSinkSigningTests : IAsyncLifetime
{
    // The Standard Webhooks specification's published test vector (also in the Svix and
    // standard-webhooks reference library test suites).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorPayload = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private const string Secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 8, 20, 14, 3, 28, TimeSpan.Zero));
    private RecordingServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RecordingServer.StartAsync();
        _server.VerificationSecret = Secret;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Signature_PublishedTestVector_MatchesExpected()
    {
        var signer = WebhookSigner.Create(VectorSecret);

        var signature = signer.Signature(VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorPayload));

        Assert.Equal(VectorSignature, signature);
    }

    [Fact]
    public void Signature_SecretWithoutPrefix_SameAsWithPrefix()
    {
        var signer = WebhookSigner.Create(VectorSecret["whsec_".Length..]);

        Assert.Equal(VectorSignature, signer.Signature(VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorPayload)));
    }

    [Fact]
    public void IndependentVerifier_PublishedTestVector_AcceptsItAndRejectsAnyChange()
    {
        var payload = Encoding.UTF8.GetBytes(VectorPayload);
        var stamp = VectorTimestamp.ToString(CultureInfo.InvariantCulture);

        Assert.True(IndependentVerifier.Verify(VectorSecret, VectorId, stamp, payload, VectorSignature));
        Assert.True(IndependentVerifier.Verify(VectorSecret, VectorId, stamp, payload, "v1a,bm9wZQ== " + VectorSignature));
        Assert.False(IndependentVerifier.Verify(VectorSecret, VectorId, stamp, Encoding.UTF8.GetBytes("""{"test": 2432232315}"""), VectorSignature));
        Assert.False(IndependentVerifier.Verify(VectorSecret, VectorId, "1614265331", payload, VectorSignature));
        Assert.False(IndependentVerifier.Verify(VectorSecret, "msg_other", stamp, payload, VectorSignature));
        Assert.False(IndependentVerifier.Verify(Secret, VectorId, stamp, payload, VectorSignature));
    }

    [Fact]
    public async Task Deliver_SingleEvent_SignedWithEventUuidAndClockAndVerifiedByServer()
    {
        var stored = SinkEvents.Awkward();

        await DeliverAsync([stored]);

        var request = _server.OnlyRequest();
        Assert.True(request.SignatureValid);
        Assert.Equal(stored.Uuid, request.Header("webhook-id"));
        Assert.Equal(_time.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Header("webhook-timestamp"));
        Assert.StartsWith("v1,", request.Header("webhook-signature"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_SampleBatch_SignatureVerifiedByServer()
    {
        await DeliverAsync([.. SinkEvents.Sample(), SinkEvents.Awkward()]);

        var request = _server.OnlyRequest();
        Assert.True(request.SignatureValid);
        Assert.StartsWith("batch_", request.Header("webhook-id"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_SameBatchTwice_SameIdFreshTimestampBothVerified()
    {
        var batch = SinkEvents.Sample();

        await DeliverAsync(batch);
        _time.Advance(TimeSpan.FromSeconds(37));
        await DeliverAsync(batch);

        var (first, second) = (_server.Requests[0], _server.Requests[1]);
        Assert.Equal(first.Header("webhook-id"), second.Header("webhook-id"));
        Assert.Equal(37, long.Parse(second.Header("webhook-timestamp")!, CultureInfo.InvariantCulture) - long.Parse(first.Header("webhook-timestamp")!, CultureInfo.InvariantCulture));
        Assert.NotEqual(first.Header("webhook-signature"), second.Header("webhook-signature"));
        Assert.True(first.SignatureValid);
        Assert.True(second.SignatureValid);
    }

    [Fact]
    public void MessageId_DifferentBatchesWithSameFirstEventAndCount_Differ()
    {
        var first = SinkEvents.Small("11111111-7e8b-11f1-9b2a-000000000001");
        var batchA = new[] { first, SinkEvents.Small("22222222-7e8b-11f1-9b2a-000000000002") };
        var batchB = new[] { first, SinkEvents.Small("33333333-7e8b-11f1-9b2a-000000000003") };
        var reordered = new[] { batchA[1], batchA[0] };

        var ids = new[] { WebhookSigner.MessageId(batchA), WebhookSigner.MessageId(batchB), WebhookSigner.MessageId(reordered) };

        Assert.Equal(3, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids[0], WebhookSigner.MessageId([.. batchA]));
    }

    [Fact]
    public async Task Deliver_ServerHoldsAnotherSecret_VerificationFails()
    {
        _server.VerificationSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("another-secret-of-24-byte"));

        await DeliverAsync([SinkEvents.Small(Guid.NewGuid().ToString())]);

        Assert.False(_server.OnlyRequest().SignatureValid);
    }

    [Theory]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_@@@@")]
    [InlineData("plain text secret")]
    public void Create_SecretNotBase64_ThrowsWithoutEchoingIt(string secret)
    {
        var error = Assert.Throws<ArgumentException>(() => WebhookSigner.Create(secret));

        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    private async Task DeliverAsync(IReadOnlyList<SinkEvent> batch)
    {
        var options = new SinkOptions { Type = "http", Url = _server.Url.ToString(), SigningSecret = Secret, Timeout = TimeSpan.FromSeconds(5) };
        using var client = HttpSink.CreateHttpClient(options);
        var sink = new HttpSink("siem", options, client, _time);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var result = await sink.DeliverAsync(batch, bound.Token);
        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
    }
}

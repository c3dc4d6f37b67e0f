using System.Diagnostics;
using System.Globalization;
using HookRelay.Sinks;
using HookRelay.Sinks.Http;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Sinks.Http;

/// <summary>Each kind of answer (or no answer) from a real server, and what the dispatcher is told.</summary>
public sealed class HttpSinkOutcomeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 8, 20, 14, 5, 0, TimeSpan.Zero);

    private RecordingServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(202)]
    [InlineData(204)]
    [InlineData(299)]
    public async Task Deliver_2xx_Delivered(int status)
    {
        _server.Reply = new ServerReply(status, status == 204 ? null : "ok");

        var result = await DeliverAsync();

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        Assert.Null(result.Error);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Deliver_408Or429Or5xx_RetryWithStatusInError(int status)
    {
        _server.Reply = new ServerReply(status, "collector overloaded");

        var result = await DeliverAsync();

        Assert.Equal(SinkOutcome.Retry, result.Outcome);
        Assert.StartsWith($"HTTP {status} ", result.Error, StringComparison.Ordinal);
        Assert.EndsWith(": collector overloaded", result.Error, StringComparison.Ordinal);
        Assert.Null(result.RetryAfter);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(413)]
    [InlineData(422)]
    public async Task Deliver_Other4xx_RejectWithStatusAndBodyInError(int status)
    {
        _server.Reply = new ServerReply(status, """{"error":"invalid event","field":"uuid"}""");

        var result = await DeliverAsync();

        Assert.Equal(SinkOutcome.Reject, result.Outcome);
        Assert.StartsWith($"HTTP {status} ", result.Error, StringComparison.Ordinal);
        Assert.Contains("""{"error":"invalid event","field":"uuid"}""", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_RejectWithLongMultilineBody_ErrorHoldsOnlyTheFirst200Characters()
    {
        var body = "é\r\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => (char)('a' + (i % 26))));
        _server.Reply = new ServerReply(400, body);

        var result = await DeliverAsync();

        Assert.Equal(SinkOutcome.Reject, result.Outcome);
        var expectedStart = ("é  " + body[3..])[..200];
        Assert.Equal($"HTTP 400 Bad Request: {expectedStart}…", result.Error);
    }

    [Fact]
    public async Task Deliver_ErrorBodyEchoingSecrets_ErrorNeverHoldsThem()
    {
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string bearer = "Bearer collector-token-0123456789";
        _server.Reply = new ServerReply(401, $"bad credentials; you sent Authorization: {bearer} and key MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw / {secret}");
        var options = Options();
        options.SigningSecret = secret;
        options.Headers["Authorization"] = bearer;

        var result = await DeliverAsync(options);

        Assert.Equal(SinkOutcome.Reject, result.Outcome);
        Assert.StartsWith("HTTP 401 Unauthorized: bad credentials", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("collector-token", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_429WithRetryAfterSeconds_RetryAfterIsThatLong()
    {
        _server.Reply = new ServerReply(429, RetryAfter: "120");

        var result = await DeliverAsync();

        Assert.Equal(SinkOutcome.Retry, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
    }

    [Fact]
    public async Task Deliver_503WithRetryAfterDate_RetryAfterIsTimeUntilThatDate()
    {
        _server.Reply = new ServerReply(503, RetryAfter: Now.AddSeconds(90).ToString("r", CultureInfo.InvariantCulture));

        var result = await DeliverAsync();

        Assert.Equal(SinkOutcome.Retry, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(90), result.RetryAfter);
    }

    [Fact]
    public async Task Deliver_RetryAfterDateAlreadyPast_RetryAfterIsZero()
    {
        _server.Reply = new ServerReply(503, RetryAfter: Now.AddMinutes(-5).ToString("r", CultureInfo.InvariantCulture));

        var result = await DeliverAsync();

        Assert.Equal(TimeSpan.Zero, result.RetryAfter);
    }

    [Fact]
    public async Task Deliver_RetryAfterOnA4xxReject_IsIgnored()
    {
        _server.Reply = new ServerReply(400, RetryAfter: "30");

        var result = await DeliverAsync();

        Assert.Equal(SinkOutcome.Reject, result.Outcome);
        Assert.Null(result.RetryAfter);
    }

    [Fact]
    public async Task Deliver_ServerSlowerThanTimeout_RetryWithinBoundedTime()
    {
        _server.Reply = new ServerReply(200, Delay: TimeSpan.FromSeconds(20));
        var options = Options();
        options.Timeout = TimeSpan.FromMilliseconds(500);

        var clock = Stopwatch.StartNew();
        var result = await DeliverAsync(options);

        Assert.Equal(SinkOutcome.Retry, result.Outcome);
        Assert.Contains("within 0.5 s", result.Error, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Deliver_TimeoutWithClientWithoutOne_SinkStillTimesOut()
    {
        _server.Reply = new ServerReply(200, Delay: TimeSpan.FromSeconds(20));
        var options = Options();
        options.Timeout = TimeSpan.FromMilliseconds(500);
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var sink = new HttpSink("siem", options, client, new ManualTimeProvider(Now));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var result = await sink.DeliverAsync([SinkEvents.Small(Guid.NewGuid().ToString())], bound.Token);

        Assert.Equal(SinkOutcome.Retry, result.Outcome);
        Assert.False(bound.IsCancellationRequested);
    }

    [Fact]
    public async Task Deliver_NothingListening_RetryWithConnectionError()
    {
        var options = Options();
        options.Url = RecordingServer.RefusingUrl().ToString();

        var result = await DeliverAsync(options);

        Assert.Equal(SinkOutcome.Retry, result.Outcome);
        Assert.Contains("ConnectionError", result.Error, StringComparison.Ordinal);
        Assert.Null(result.RetryAfter);
    }

    [Fact]
    public async Task Deliver_CallerCancels_ThrowsInsteadOfReportingAnOutcome()
    {
        _server.Reply = new ServerReply(200, Delay: TimeSpan.FromSeconds(20));
        var options = Options();
        using var client = HttpSink.CreateHttpClient(options);
        var sink = new HttpSink("siem", options, client, TimeProvider.System);
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.DeliverAsync([SinkEvents.Small(Guid.NewGuid().ToString())], caller.Token));
    }

    [Fact]
    public async Task Deliver_Redirect_NotFollowedAndRetried()
    {
        _server.Reply = new ServerReply(302, Location: "/elsewhere");

        var result = await DeliverAsync();

        Assert.Equal(SinkOutcome.Retry, result.Outcome);
        Assert.Contains("redirects are not followed", result.Error, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    private SinkOptions Options() => new() { Type = "http", Url = _server.Url.ToString(), Timeout = TimeSpan.FromSeconds(5) };

    private Task<SinkResult> DeliverAsync() => DeliverAsync(Options());

    private static async Task<SinkResult> DeliverAsync(SinkOptions options)
    {
        using var client = HttpSink.CreateHttpClient(options);
        var sink = new HttpSink("siem", options, client, new ManualTimeProvider(Now));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await sink.DeliverAsync([SinkEvents.Small(Guid.NewGuid().ToString())], bound.Token);
    }
}

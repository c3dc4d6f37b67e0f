using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using HookRelay.Sinks;
using HookRelay.Sinks.Http;

namespace HookRelay.Tests.Sinks.Http;

/// <summary><c>Preset: splunk-hec</c>: HTTP Event Collector events back to back, and the HEC token.</summary>
public sealed class SplunkHecTests : IAsyncLifetime
{
    private const string Token = "9f4c1c2e-8d2b-4b7a-a1f0-3c5e6d7f8a9b";

    private RecordingServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RecordingServer.StartAsync();
        _server.Reply = ServerReply.Ok;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Deliver_SplunkHec_OneHecObjectPerEventWithStoredEventVerbatim()
    {
        var batch = SinkEvents.Sample(hook: "okta-prod").Append(SinkEvents.Awkward(hook: "okta-prod")).ToList();

        var result = await DeliverAsync(batch);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        var request = _server.OnlyRequest();
        Assert.Equal($"Splunk {Token}", request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Content-Type"));

        var objects = ReadConcatenated(request.Body);
        Assert.Equal(batch.Count, objects.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var hec = objects[i].RootElement;
            Assert.Equal(["time", "host", "source", "sourcetype", "event"], hec.EnumerateObject().Select(p => p.Name));
            Assert.Equal(Environment.MachineName, hec.GetProperty("host").GetString());
            Assert.Equal("okta:okta-prod", hec.GetProperty("source").GetString());
            Assert.Equal("OktaIM2:log", hec.GetProperty("sourcetype").GetString());
            Assert.Equal(EpochSecondsWithMillis(batch[i].Published!.Value), hec.GetProperty("time").GetRawText());
            Assert.True(JsonMarshal.GetRawUtf8Value(hec.GetProperty("event")).SequenceEqual(batch[i].Json.Span), $"event {i} differs from the stored JSON");
        }

        foreach (var document in objects)
        {
            document.Dispose();
        }
    }

    [Fact]
    public async Task Deliver_SplunkHecEventWithoutPublished_TimeIsWhenReceived()
    {
        var stored = SinkEvents.Small(Guid.NewGuid().ToString(), published: null);

        await DeliverAsync([stored]);

        var objects = ReadConcatenated(_server.OnlyRequest().Body);
        using var hec = Assert.Single(objects);
        Assert.Equal(EpochSecondsWithMillis(SinkEvents.ReceivedAt), hec.RootElement.GetProperty("time").GetRawText());
    }

    [Fact]
    public async Task Deliver_SplunkHecWholeSecond_TimeKeepsThreeDecimals()
    {
        var stored = SinkEvents.Small(Guid.NewGuid().ToString(), published: SinkEvents.Published("2026-08-20T14:03:15Z"));

        await DeliverAsync([stored]);

        Assert.StartsWith("""{"time":1787234595.000,""", Encoding.UTF8.GetString(_server.OnlyRequest().Body.Span), StringComparison.Ordinal);
    }

    /// <summary>Written independently of the sink: integer arithmetic on the milliseconds.</summary>
    private static string EpochSecondsWithMillis(DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds();
        return $"{ms / 1000}.{ms % 1000:D3}";
    }

    private static List<JsonDocument> ReadConcatenated(ReadOnlyMemory<byte> body)
    {
        var documents = new List<JsonDocument>();
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            Assert.Equal(JsonTokenType.StartObject, reader.TokenType);
            documents.Add(JsonDocument.ParseValue(ref reader));
        }

        return documents;
    }

    private async Task<SinkResult> DeliverAsync(IReadOnlyList<SinkEvent> batch)
    {
        var options = new SinkOptions { Type = "http", Url = new Uri(_server.Url, "/services/collector/event").ToString(), Preset = "splunk-hec", Token = Token, Timeout = TimeSpan.FromSeconds(5) };
        using var client = HttpSink.CreateHttpClient(options);
        var sink = new HttpSink("splunk", options, client, TimeProvider.System);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await sink.DeliverAsync(batch, bound.Token);
    }
}

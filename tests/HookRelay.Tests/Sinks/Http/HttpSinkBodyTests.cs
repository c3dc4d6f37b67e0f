using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using HookRelay.Sinks;
using HookRelay.Sinks.Http;

namespace HookRelay.Tests.Sinks.Http;

/// <summary>What goes over the wire: the stored bytes, never a re-serialisation.</summary>
public sealed class HttpSinkBodyTests : IAsyncLifetime
{
    private RecordingServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Deliver_SingleSampleEvent_PostsStoredJsonByteForByte()
    {
        var stored = SinkEvents.Sample()[0];

        var result = await DeliverAsync([stored]);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        var request = _server.OnlyRequest();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/ingest", request.Path);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Contains("\n", Encoding.UTF8.GetString(request.Body.Span), StringComparison.Ordinal); // the fixture's own indentation survived
        Assert.True(request.Body.Span.SequenceEqual(stored.Json.Span));
    }

    [Fact]
    public async Task Deliver_SingleAwkwardEvent_PostsStoredJsonByteForByte()
    {
        var stored = SinkEvents.Awkward();

        await DeliverAsync([stored]);

        var body = _server.OnlyRequest().Body;
        Assert.Equal(SinkEvents.AwkwardJson, Encoding.UTF8.GetString(body.Span));
        Assert.True(body.Span.SequenceEqual(stored.Json.Span));
    }

    [Fact]
    public async Task Deliver_Batch_PostsJsonArrayOfTheExactEvents()
    {
        var batch = SinkEvents.Sample().Append(SinkEvents.Awkward()).ToList();

        var result = await DeliverAsync(batch);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        var body = _server.OnlyRequest().Body;
        var expected = "[" + string.Join(",", batch.Select(e => Encoding.UTF8.GetString(e.Json.Span))) + "]";
        Assert.Equal(expected, Encoding.UTF8.GetString(body.Span));

        using var document = JsonDocument.Parse(body);
        var elements = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(batch.Count, elements.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.True(JsonMarshal.GetRawUtf8Value(elements[i]).SequenceEqual(batch[i].Json.Span), $"element {i} differs from the stored event");
        }
    }

    [Fact]
    public async Task Deliver_EmptyBatch_SendsNothing()
    {
        var result = await DeliverAsync([]);

        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
        Assert.Empty(_server.Requests);
    }

    private async Task<SinkResult> DeliverAsync(IReadOnlyList<SinkEvent> batch)
    {
        var options = new SinkOptions { Type = "http", Url = _server.Url.ToString(), Timeout = TimeSpan.FromSeconds(5) };
        using var client = HttpSink.CreateHttpClient(options);
        var sink = new HttpSink("siem", options, client, TimeProvider.System);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await sink.DeliverAsync(batch, bound.Token);
    }
}

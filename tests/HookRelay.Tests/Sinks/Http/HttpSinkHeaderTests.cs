using HookRelay.Sinks;
using HookRelay.Sinks.Http;

namespace HookRelay.Tests.Sinks.Http;

public sealed class HttpSinkHeaderTests : IAsyncLifetime
{
    private RecordingServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Deliver_ExtraHeaders_AreSentWithEveryRequest()
    {
        var options = Options();
        options.Headers["Authorization"] = "Bearer collector-token-0123456789";
        options.Headers["X-Source"] = "hookrelay";
        options.Headers["X-Tenant-Id"] = "acme-demo";

        await DeliverAsync(options, [SinkEvents.Small(Guid.NewGuid().ToString())]);
        await DeliverAsync(options, [SinkEvents.Small(Guid.NewGuid().ToString()), SinkEvents.Small(Guid.NewGuid().ToString())]);

        Assert.Equal(2, _server.Requests.Count);
        Assert.All(_server.Requests, request =>
        {
            Assert.Equal("Bearer collector-token-0123456789", request.Header("Authorization"));
            Assert.Equal("hookrelay", request.Header("X-Source"));
            Assert.Equal("acme-demo", request.Header("X-Tenant-Id"));
            Assert.Equal("application/json", request.Header("Content-Type"));
        });
    }

    [Fact]
    public async Task Deliver_ContentTypeInExtraHeaders_ReplacesTheDefault()
    {
        var options = Options();
        options.Headers["Content-Type"] = "application/cloudevents+json";

        await DeliverAsync(options, [SinkEvents.Small(Guid.NewGuid().ToString())]);

        Assert.Equal("application/cloudevents+json", _server.OnlyRequest().Header("Content-Type"));
    }

    [Fact]
    public async Task Deliver_WithoutSigningSecret_SendsNoWebhookHeaders()
    {
        await DeliverAsync(Options(), [SinkEvents.Small(Guid.NewGuid().ToString())]);

        var request = _server.OnlyRequest();
        Assert.Null(request.Header("webhook-id"));
        Assert.Null(request.Header("webhook-timestamp"));
        Assert.Null(request.Header("webhook-signature"));
    }

    private SinkOptions Options() => new() { Type = "http", Url = _server.Url.ToString(), Timeout = TimeSpan.FromSeconds(5) };

    private static async Task DeliverAsync(SinkOptions options, IReadOnlyList<SinkEvent> batch)
    {
        using var client = HttpSink.CreateHttpClient(options);
        var sink = new HttpSink("siem", options, client, TimeProvider.System);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var result = await sink.DeliverAsync(batch, bound.Token);
        Assert.Equal(SinkOutcome.Delivered, result.Outcome);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using HookRelay.Admin;
using HookRelay.Receiver;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Admin;

/// <summary><c>GET /api/v1/stream</c>: events as this instance stores them, filtered by type, never holding up the receiver.</summary>
public sealed class EventStreamTests
{
    [Fact]
    public async Task Stream_WithTypeGlob_SendsMatchingEventsAsStored_AndEndsWhenTheServerStops()
    {
        var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server);
        using var response = await client.GetAsync("/api/v1/stream?type=user.lifecycle.*", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = SseParser.Create(await response.Content.ReadAsStreamAsync(read.Token)).EnumerateAsync(read.Token).GetAsyncEnumerator(read.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("ready", events.Current.EventType);
        var wanted = OktaPayloads.Event("stream-1", "user.lifecycle.create");
        (await server.PostAsync(OktaPayloads.Envelope([OktaPayloads.Event("stream-0", "user.session.start"), wanted]))).Dispose();

        Assert.True(await events.MoveNextAsync());
        var item = events.Current;
        var data = JsonDocument.Parse(item.Data).RootElement;
        Assert.Equal("event", item.EventType);
        Assert.Equal(("user.lifecycle.create", "okta"), (data.GetProperty("eventType").GetString(), data.GetProperty("hook").GetString()));
        Assert.Equal(("stream-1", "stream-1"), (data.GetProperty("uuid").GetString(), item.EventId));
        Assert.Equal(wanted, data.GetProperty("event").GetRawText());

        var stopping = Stopwatch.StartNew();
        await server.DisposeAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the server took {stopping.Elapsed} to stop with a stream open");
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Stream_WithoutToken_Returns401()
    {
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server, token: null);

        using var response = await client.GetAsync("/api/v1/stream", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void SlowSubscriber_GetsWhatFitsAndTheCountOfWhatWasDropped_OthersUnaffected()
    {
        var broadcaster = new EventBroadcaster();
        using var slow = broadcaster.Subscribe(null);
        using var sessions = broadcaster.Subscribe("user.session.*");
        var body = Encoding.UTF8.GetBytes(OktaPayloads.Envelope(Enumerable.Range(0, EventSubscription.Capacity + 5).Select(i => OktaPayloads.Event($"slow-{i}", "user.lifecycle.create"))));

        broadcaster.Publish(DeliveryParser.Parse("okta", body, TimeProvider.System.GetUtcNow()).Delivery!);

        var queued = 0;
        while (slow.Reader.TryRead(out _))
        {
            queued++;
        }

        Assert.Equal(EventSubscription.Capacity, queued);
        Assert.Equal(5, slow.TakeDropped());
        Assert.Equal(0, slow.TakeDropped());
        Assert.False(sessions.Reader.TryRead(out _));
        Assert.Equal(2, broadcaster.Subscribers);
        sessions.Dispose();
        Assert.Equal(1, broadcaster.Subscribers);
    }
}

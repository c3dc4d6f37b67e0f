using HookRelay.Sinks;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Sinks.Nats;

public sealed class NatsSinkDuplicateTests
{
    [Fact]
    public async Task Deliver_SameBatchTwice_StreamHoldsOneMessagePerUuid()
    {
        await using var server = await NatsServer.StartAsync();
        var events = NatsTestEvents.Sample().Concat(NatsTestEvents.Fresh(20)).ToList();
        await using var sink = TestNatsSink.Create(server.Url);

        var first = await sink.DeliverAsync(events, CancellationToken.None);
        var second = await sink.DeliverAsync(events, CancellationToken.None);

        Assert.Equal(SinkResult.Delivered, first);
        Assert.Equal(SinkResult.Delivered, second);
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        var stored = await probe.ReadAllAsync("OKTA");
        Assert.Equal(events.Select(e => e.Uuid), stored.Select(m => m.MsgId));
    }

    [Fact]
    public async Task Deliver_OverlappingBatchFromRestartedSink_StoresOnlyTheNewEvents()
    {
        await using var server = await NatsServer.StartAsync();
        var events = NatsTestEvents.Fresh(10);
        await using (var before = TestNatsSink.Create(server.Url))
        {
            Assert.Equal(SinkResult.Delivered, await before.DeliverAsync(events.Take(6).ToList(), CancellationToken.None));
        }

        // As after a crash: a new process delivers the whole batch again, the first six included.
        await using var after = TestNatsSink.Create(server.Url);
        var result = await after.DeliverAsync(events, CancellationToken.None);

        Assert.Equal(SinkResult.Delivered, result);
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        var stored = await probe.ReadAllAsync("OKTA");
        Assert.Equal(events.Select(e => e.Uuid), stored.Select(m => m.MsgId));
    }
}

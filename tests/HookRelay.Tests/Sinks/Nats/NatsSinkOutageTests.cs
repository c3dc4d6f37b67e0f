using System.Diagnostics;
using HookRelay.Sinks;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Sinks.Nats;

public sealed class NatsSinkOutageTests
{
    private static readonly TimeSpan Bound = TestNatsSink.Timeout + TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Deliver_NothingListening_RetriesWithinTheTimeout()
    {
        await using var sink = TestNatsSink.Create($"nats://127.0.0.1:{NatsServer.FreePort()}");
        var stopwatch = Stopwatch.StartNew();

        var result = await sink.DeliverAsync(NatsTestEvents.Sample(), CancellationToken.None);

        Assert.Equal(SinkOutcome.Retry, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.Error));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, Bound);
    }

    [Fact]
    public async Task Deliver_ServerKilledThenBack_RetriesThenDeliversEverything()
    {
        await using var server = await NatsServer.StartAsync();
        await using var sink = TestNatsSink.Create(server.Url);
        var before = NatsTestEvents.Fresh(5);
        var during = NatsTestEvents.Sample();
        Assert.Equal(SinkResult.Delivered, await sink.DeliverAsync(before, CancellationToken.None));

        await server.StopAsync();
        var stopwatch = Stopwatch.StartNew();
        var down = await sink.DeliverAsync(during, CancellationToken.None);
        var downTook = stopwatch.Elapsed;
        await server.RestartAsync();
        var back = await sink.DeliverAsync(during, CancellationToken.None);

        Assert.Equal(SinkOutcome.Retry, down.Outcome);
        Assert.InRange(downTook, TimeSpan.Zero, Bound);
        Assert.Equal(SinkResult.Delivered, back);
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        Assert.Equal(before.Concat(during).Select(e => e.Uuid), (await probe.ReadAllAsync("OKTA")).Select(m => m.MsgId));
    }

    [Fact]
    public async Task Deliver_ServerDownAtFirstUse_DeliversOnceItStarts()
    {
        await using var server = await NatsServer.StartAsync();
        await server.StopAsync();
        await using var sink = TestNatsSink.Create(server.Url);

        var down = await sink.DeliverAsync(NatsTestEvents.Sample(), CancellationToken.None);
        await server.RestartAsync();
        var up = await sink.DeliverAsync(NatsTestEvents.Sample(), CancellationToken.None);

        Assert.Equal(SinkOutcome.Retry, down.Outcome);
        Assert.Equal(SinkResult.Delivered, up);
    }

    [Fact]
    public async Task Deliver_UrlWithCredentialsAndServerDown_ErrorDoesNotShowThem()
    {
        await using var sink = TestNatsSink.Create($"nats://relay:s3cr3t-pw@127.0.0.1:{NatsServer.FreePort()}");

        var result = await sink.DeliverAsync(NatsTestEvents.Sample(), CancellationToken.None);

        Assert.Equal(SinkOutcome.Retry, result.Outcome);
        Assert.DoesNotContain("s3cr3t-pw", result.Error, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_CallerCancels_ThrowsInsteadOfRetry()
    {
        await using var sink = TestNatsSink.Create($"nats://127.0.0.1:{NatsServer.FreePort()}");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.DeliverAsync(NatsTestEvents.Sample(), cancelled.Token));
    }
}

using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>The dashboard overview's counts, on both providers.</summary>
public abstract class OverviewContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private protected abstract Task<StoreUnderTest> OpenAsync();

    [Fact]
    public async Task Overview_CountsReceivedAndDeliveredPerMinute()
    {
        await using var store = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await store.Store.AppendAsync(Routed(now.AddMinutes(-3), "o-1", "o-2"), None);
        await store.Store.AppendAsync(StoreHarness.WithEvents("o-3") with { ReceivedAt = now, Provenance = Provenance.Pull, EnvelopeEventId = null }, None);
        var claimed = await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None);
        await store.Queue.CompleteAsync([.. claimed.Select(c => new DispatchCompletion(c.Id, DispatchState.Delivered, null, null))], None);

        var overview = store.Overview.Overview(DateTimeOffset.UtcNow, 10);

        Assert.Equal(10, overview.Minutes.Count);
        Assert.Equal(3, overview.Minutes.Sum(m => m.Received));
        Assert.Equal(2, overview.Minutes.Single(m => m.Minute <= now.AddMinutes(-3) && now.AddMinutes(-3) < m.Minute.AddMinutes(1)).Received);
        Assert.Equal(2, overview.Minutes.Sum(m => m.Delivered));
        Assert.Equal(2, overview.Minutes[^1].Delivered + overview.Minutes[^2].Delivered);
        Assert.True(overview.Minutes.Zip(overview.Minutes.Skip(1)).All(p => p.Second.Minute - p.First.Minute == TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Overview_CountsASettledMinuteOnce_AndTheRecentMinutesOnEveryRead()
    {
        await using var store = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await store.Store.AppendAsync(Routed(now.AddMinutes(-10), "s-1"), None);
        Assert.Equal(1, store.Overview.Overview(now, 60).Minutes.Sum(m => m.Received));

        // Ten minutes ago has settled: a row stamped into it after it was read is not counted (the
        // store is not asked again), while the minutes still open are.
        await store.Store.AppendAsync(Routed(now.AddMinutes(-10), "s-late"), None);
        await store.Store.AppendAsync(Routed(now.AddMinutes(-1), "s-2"), None);
        await store.Store.AppendAsync(Routed(now, "s-3"), None);
        Assert.Equal(3, store.Overview.Overview(now, 60).Minutes.Sum(m => m.Received));

        // Five minutes on, the minutes that were open are counted and then kept in turn.
        await store.Store.AppendAsync(Routed(now.AddMinutes(1), "s-4"), None);
        var later = store.Overview.Overview(now.AddMinutes(5), 60);
        Assert.Equal(4, later.Minutes.Sum(m => m.Received));
        Assert.Equal(1, later.Minutes.Single(m => m.Minute <= now.AddMinutes(1) && now.AddMinutes(1) < m.Minute.AddMinutes(1)).Received);
        await store.Store.AppendAsync(Routed(now.AddMinutes(1), "s-late-2"), None);
        Assert.Equal(4, store.Overview.Overview(now.AddMinutes(5), 60).Minutes.Sum(m => m.Received));

        // An hour on, ten minutes ago has left the window; a read from further back asks the store again.
        Assert.Equal(3, store.Overview.Overview(now.AddMinutes(55), 60).Minutes.Sum(m => m.Received));
        Assert.Equal(4, store.Overview.Overview(now, 60).Minutes.Sum(m => m.Received));
    }

    private static ReceivedDelivery Routed(DateTimeOffset receivedAt, params string[] uuids)
    {
        var delivery = StoreHarness.WithEvents(uuids) with { ReceivedAt = receivedAt };
        return delivery with { Events = [.. delivery.Events.Select(e => e with { Sinks = ["siem"] })] };
    }
}

public sealed class SqliteOverviewContractTests : OverviewContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private protected override Task<StoreUnderTest> OpenAsync() => Task.FromResult<StoreUnderTest>(new SqliteStoreUnderTest(_folder.Path));
}

public sealed class PostgresOverviewContractTests : OverviewContractTests
{
    private protected override async Task<StoreUnderTest> OpenAsync() =>
        new PostgresStoreUnderTest(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync());
}

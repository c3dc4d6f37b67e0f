using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>The dashboard overview's counts, on both providers.</summary>
public abstract class OverviewContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private protected abstract Task<StoreUnderTest> OpenAsync();

    [Fact]
    public async Task Overview_CountsReceivedAndDeliveredPerMinute_AndTheDaysRecoveredEvents()
    {
        await using var store = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await store.Store.AppendAsync(Routed(now.AddMinutes(-3), "o-1", "o-2"), None);
        await store.Store.AppendAsync(StoreHarness.WithEvents("o-3") with { ReceivedAt = now, Provenance = Provenance.Pull, EnvelopeEventId = null }, None);
        await store.Store.AppendAsync(StoreHarness.WithEvents("o-old") with { ReceivedAt = now.AddDays(-2), Provenance = Provenance.Pull, EnvelopeEventId = null }, None);
        var claimed = await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None);
        await store.Queue.CompleteAsync([.. claimed.Select(c => new DispatchCompletion(c.Id, DispatchState.Delivered, null, null))], None);

        var overview = store.Overview.Overview(DateTimeOffset.UtcNow, 10);

        Assert.Equal(10, overview.Minutes.Count);
        Assert.Equal(3, overview.Minutes.Sum(m => m.Received));
        Assert.Equal(2, overview.Minutes.Single(m => m.Minute <= now.AddMinutes(-3) && now.AddMinutes(-3) < m.Minute.AddMinutes(1)).Received);
        Assert.Equal(2, overview.Minutes.Sum(m => m.Delivered));
        Assert.Equal(2, overview.Minutes[^1].Delivered + overview.Minutes[^2].Delivered);
        Assert.True(overview.Minutes.Zip(overview.Minutes.Skip(1)).All(p => p.Second.Minute - p.First.Minute == TimeSpan.FromMinutes(1)));
        Assert.Equal(1L, overview.RecoveredLastDay);
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

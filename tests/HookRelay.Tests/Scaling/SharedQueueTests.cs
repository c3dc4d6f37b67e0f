using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Storage;
using HookRelay.Tests.Storage.Contract;

namespace HookRelay.Tests.Scaling;

/// <summary>
/// The dispatch queue shared by instances on one PostgreSQL database: claims never overlap, and
/// work leased by an instance that died is taken over when its lease runs out.
/// </summary>
public sealed class SharedQueueTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ClaimsFromTwoInstancesAtOnce_NeverHandOutTheSameItemTwice()
    {
        await using var one = await OpenAsync();
        await using var two = one.OpenAnother();
        for (var i = 0; i < 10; i++)
        {
            await one.Store.AppendAsync(Routed(Enumerable.Range(0, 50).Select(_ => Guid.NewGuid().ToString()).ToArray()), None);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? one : two).Queue.ClaimAsync("siem", 40, TimeSpan.FromMinutes(1), None))));

        var ids = claims.SelectMany(c => c.Select(item => item.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(500, ids.Count);
    }

    [Fact]
    public async Task WorkLeasedByADeadInstance_IsClaimedByAnotherWhenTheLeaseRunsOut()
    {
        await using var survivor = await OpenAsync();
        await survivor.Store.AppendAsync(Routed("leased-1", "leased-2"), None);
        await using (var dying = survivor.OpenAnother())
        {
            Assert.Equal(2, (await dying.Queue.ClaimAsync("siem", 10, TimeSpan.FromSeconds(2), None)).Count);
        }

        // Still leased: nobody else may deliver it (and deliver it twice).
        Assert.Empty(await survivor.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None));
        Assert.Equal(2, Assert.Single(survivor.Admin.Status()).InFlight);

        var taken = await Eventually.ValueAsync(
            async () => await survivor.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None) is { Count: > 0 } items ? items : null,
            "the expired lease's items claimed again",
            TimeSpan.FromSeconds(10));
        Assert.Equal(2, taken.Count);
        await survivor.Queue.CompleteAsync([.. taken.Select(t => new DispatchCompletion(t.Id, DispatchState.Delivered, null, null))], None);
        Assert.Equal(2, Assert.Single(survivor.Admin.Status()).Delivered);
    }

    [Fact]
    public async Task LateOutcomeFromALeaseThatRanOut_DoesNotUndoADelivery()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed("late-1"), None);
        var first = Assert.Single(await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMilliseconds(100), None));
        await Task.Delay(200);
        var second = Assert.Single(await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None));
        await store.Queue.CompleteAsync([new DispatchCompletion(second.Id, DispatchState.Delivered, null, null)], None);

        // The first worker's attempt timed out after the second delivered: its failure must not reopen the item.
        await store.Queue.CompleteAsync([new DispatchCompletion(first.Id, DispatchState.Pending, DateTimeOffset.UtcNow, "timeout")], None);

        var status = Assert.Single(store.Admin.Status());
        Assert.Equal((0L, 1L), (status.Pending, status.Delivered));
    }

    private static async Task<PostgresStoreUnderTest> OpenAsync() =>
        new(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync());

    private static ReceivedDelivery Routed(params string[] uuids)
    {
        var delivery = StoreHarness.WithEvents(uuids);
        return delivery with { Events = [.. delivery.Events.Select(e => e with { Sinks = ["siem"] })] };
    }
}

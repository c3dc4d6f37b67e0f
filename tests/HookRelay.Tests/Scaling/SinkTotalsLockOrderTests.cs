using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Storage;
using HookRelay.Tests.Storage.Contract;
using Npgsql;

namespace HookRelay.Tests.Scaling;

/// <summary>
/// The sinks' delivered totals are rows the instances' commits update (one per sink and writer
/// slot; two instances may share a slot). A commit takes them in sink name order, whatever order
/// its outcomes came in, so two instances never wait on each other in a circle (a deadlock,
/// which PostgreSQL would end by aborting one commit).
/// </summary>
public sealed class SinkTotalsLockOrderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Names whose hash order is the reverse of their name order: a GROUP BY without ORDER BY
    // would hand the totals to the upsert zeta first.
    [Theory]
    [InlineData("zeta", "archive", true)]
    [InlineData("archive", "zeta", false)]
    public async Task Commit_DeliveringToTwoSinks_TakesTheirTotalsInNameOrder(string held, string other, bool otherTakenFirst)
    {
        await using var store = new PostgresStoreUnderTest(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync());
        await store.Store.AppendAsync(Routed("o-1", "o-2"), None);
        var zeta = await store.Queue.ClaimAsync("zeta", 10, TimeSpan.FromMinutes(5), None);
        var archive = await store.Queue.ClaimAsync("archive", 10, TimeSpan.FromMinutes(5), None);
        await store.Queue.CompleteAsync([Delivered(zeta[0]), Delivered(archive[0])], None); // both totals' rows exist now

        await using var holder = store.Database.OpenForQueries();
        await using var hold = await holder.BeginTransactionAsync();
        Assert.Equal(1, await LockAsync(holder, held, skipLocked: false));

        // Outcomes of the held sink first, so the commit's own order would take it first.
        var (heldItem, otherItem) = held == "zeta" ? (zeta[1], archive[1]) : (archive[1], zeta[1]);
        var completing = store.Queue.CompleteAsync([Delivered(heldItem), Delivered(otherItem)], None);
        await Eventually.TrueAsync(() => WriterWaitsOnALockAsync(store), "the commit waiting for the held total", TimeSpan.FromSeconds(4));

        await using (var observer = store.Database.OpenForQueries())
        await using (var look = await observer.BeginTransactionAsync())
        {
            Assert.Equal(otherTakenFirst ? 0 : 1, await LockAsync(observer, other, skipLocked: true));
        }

        await hold.RollbackAsync();
        await completing;
        Assert.Equal([2L, 2L], store.Admin.Status().Select(s => s.Delivered));
    }

    /// <summary>Locks the sink's total row; with <paramref name="skipLocked"/>, 0 if another transaction holds it.</summary>
    private static async Task<long> LockAsync(NpgsqlConnection connection, string sink, bool skipLocked)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT COUNT(*) FROM (SELECT 1 FROM sink_totals WHERE sink = @sink FOR UPDATE {(skipLocked ? "SKIP LOCKED" : "")}) locked;", connection);
        command.Parameters.AddWithValue("sink", sink);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> WriterWaitsOnALockAsync(PostgresStoreUnderTest store)
    {
        await using var connection = store.Database.OpenForQueries();
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '% writer' AND wait_event_type = 'Lock';",
            connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static DispatchCompletion Delivered(DispatchItem item) => new(item.Id, DispatchState.Delivered, null, null);

    private static ReceivedDelivery Routed(params string[] uuids)
    {
        var delivery = StoreHarness.WithEvents(uuids);
        return delivery with { Events = [.. delivery.Events.Select(e => e with { Sinks = ["zeta", "archive"] })] };
    }
}

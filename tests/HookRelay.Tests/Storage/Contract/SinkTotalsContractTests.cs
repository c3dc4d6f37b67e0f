using HookRelay.Storage;
using HookRelay.Storage.Postgres;
using HookRelay.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>
/// Each sink's delivered total, a counter the completions keep (so <c>hookrelay sinks</c> reads no
/// delivered row), on every provider (the subclasses at the end of this file).
/// </summary>
public abstract class SinkTotalsContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private protected abstract Task<StoreUnderTest> OpenAsync();

    /// <summary>
    /// A store whose schema stops just before the sink totals, with <paramref name="rows"/> (SQL)
    /// run on it: an older release's store, migrated when the returned store first writes.
    /// </summary>
    private protected abstract Task<StoreUnderTest> OpenOlderAsync(string rows);

    [Fact]
    public async Task Complete_Delivered_AddsToTheSinksTotalOnce()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(["siem", "archive"], "t-1", "t-2", "t-3"), None);
        var claimed = await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(5), None);
        var delivered = claimed.Take(2).Select(c => new DispatchCompletion(c.Id, DispatchState.Delivered, null, null)).ToList();

        await store.Queue.CompleteAsync([.. delivered, new DispatchCompletion(claimed[2].Id, DispatchState.Pending, DateTimeOffset.UtcNow.AddHours(1), "503 from SIEM")], None);
        Assert.Equal([("archive", 0L, 3L), ("siem", 2L, 1L)], Totals(store));

        // The same outcome recorded again (a worker's late answer): the items are delivered already.
        await store.Queue.CompleteAsync(delivered, None);
        Assert.Equal([("archive", 0L, 3L), ("siem", 2L, 1L)], Totals(store));

        await store.Queue.CompleteAsync([new DispatchCompletion(claimed[2].Id, DispatchState.Delivered, null, null)], None);
        Assert.Equal([("archive", 0L, 3L), ("siem", 3L, 0L)], Totals(store));
    }

    [Fact]
    public async Task Replay_DeadLetterThenDelivered_CountsOnce_DeliveredEventDeliveredAgain_CountsAgain()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(["siem"], "r-dead", "r-delivered"), None);
        await SettleAsync(store, uuid => uuid == "r-dead" ? DispatchState.Dead : DispatchState.Delivered);
        var before = Assert.Single(store.Admin.Status());
        Assert.Equal((1L, 1L), (before.Delivered, before.Dead));

        Assert.Equal(1, store.Admin.Replay(new ReplaySelection("siem", null, null, null, null, DeadLettersOnly: true)));
        await SettleAsync(store, _ => DispatchState.Delivered);
        var replayed = Assert.Single(store.Admin.Status());
        Assert.Equal((2L, 0L), (replayed.Delivered, replayed.Dead));

        // Deliveries all time: the sink has now received r-delivered twice.
        Assert.Equal(1, store.Admin.Replay(new ReplaySelection("siem", null, null, null, "r-delivered", DeadLettersOnly: false)));
        await SettleAsync(store, _ => DispatchState.Delivered);
        Assert.Equal(3, Assert.Single(store.Admin.Status()).Delivered);
    }

    [Fact]
    public async Task Complete_TwoInstancesAtOnceOnTheSameSinks_TotalsAreExact()
    {
        await using var one = await OpenAsync();
        await using var two = one.OpenAnother();
        await one.Store.AppendAsync(Routed(["zeta", "alpha"], [.. Enumerable.Range(0, 200).Select(i => $"c-{i:D3}")]), None);
        var zeta = await one.Queue.ClaimAsync("zeta", 500, TimeSpan.FromMinutes(5), None);
        var alpha = await one.Queue.ClaimAsync("alpha", 500, TimeSpan.FromMinutes(5), None);

        // Each instance records outcomes of both sinks, in opposite orders, so their commits hold
        // both sinks' totals; the first chunks are recorded by both (a lease that ran out).
        var zetaChunks = zeta.Chunk(5).ToList();
        var alphaChunks = alpha.Chunk(5).ToList();
        var completions = Enumerable.Range(0, zetaChunks.Count).SelectMany(i =>
        {
            var (first, second) = i % 2 == 0 ? (one, two) : (two, one);
            return new[] { Task.Run(() => Deliver(first, zetaChunks[i])), Task.Run(() => Deliver(second, alphaChunks[i])) };
        }).Append(Task.Run(() => Deliver(two, zetaChunks[0]))).Append(Task.Run(() => Deliver(two, alphaChunks[0])));
        await Task.WhenAll(completions);

        Assert.Equal([("alpha", 200L, 0L), ("zeta", 200L, 0L)], Totals(two));
    }

    [Fact]
    public async Task Migration_TotalsStartFromTheDeliveredRowsAlreadyStored()
    {
        await using var store = await OpenOlderAsync("""
            INSERT INTO dispatch (event_seq, sink, state, next_attempt_at, created_at) VALUES
                (1, 'siem', 1, 0, 0), (2, 'siem', 1, 0, 0), (3, 'siem', 2, 0, 0), (4, 'siem', 0, 0, 0),
                (1, 'archive', 1, 0, 0), (2, 'idle', 0, 0, 0);
            """);

        Assert.True((await store.Store.CheckWritableAsync(None)).IsWritable);

        var status = store.Admin.Status();
        Assert.Equal([("archive", 1L, 0L), ("idle", 0L, 1L), ("siem", 2L, 1L)], Totals(store));
        Assert.Equal(1, status.Single(s => s.Sink == "siem").Dead);
    }

    /// <summary>Each sink's delivered total and its pending work (leased or not), in name order.</summary>
    private static List<(string Sink, long Delivered, long Pending)> Totals(StoreUnderTest store) =>
        [.. store.Admin.Status().Select(s => (s.Sink, s.Delivered, s.Pending + s.InFlight))];

    private static Task Deliver(StoreUnderTest store, DispatchItem[] items) =>
        store.Queue.CompleteAsync([.. items.Select(c => new DispatchCompletion(c.Id, DispatchState.Delivered, null, null))], None);

    private static async Task SettleAsync(StoreUnderTest store, Func<string, DispatchState> outcome)
    {
        var claimed = await store.Queue.ClaimAsync("siem", 100, TimeSpan.FromMinutes(5), None);
        var uuids = store.Events.ReadForDispatch([.. claimed.Select(c => c.EventSeq)]).ToDictionary(e => e.Seq, e => e.Uuid);
        await store.Queue.CompleteAsync([.. claimed.Select(c => new DispatchCompletion(c.Id, outcome(uuids[c.EventSeq]), null, "400 from SIEM"))], None);
    }

    private static ReceivedDelivery Routed(string[] sinks, params string[] uuids)
    {
        var delivery = StoreHarness.WithEvents(uuids);
        return delivery with { Events = [.. delivery.Events.Select(e => e with { Sinks = sinks })] };
    }

    /// <summary>The schema scripts that come before the one creating the sink totals.</summary>
    private protected static IEnumerable<(int Version, string Sql)> ScriptsBeforeTotals(string provider)
    {
        var scripts = SchemaScripts.For(provider);
        var totals = scripts.Single(s => s.Sql.Contains("CREATE TABLE sink_totals", StringComparison.Ordinal)).Version;
        return scripts.Where(s => s.Version < totals);
    }
}

public sealed class SqliteSinkTotalsContractTests : SinkTotalsContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private protected override Task<StoreUnderTest> OpenAsync() => Task.FromResult<StoreUnderTest>(new SqliteStoreUnderTest(_folder.Path));

    private protected override Task<StoreUnderTest> OpenOlderAsync(string rows)
    {
        using (var connection = new SqliteConnection($"Data Source={_folder.DatabasePath};Pooling=False"))
        {
            connection.Open();
            foreach (var (version, sql) in ScriptsBeforeTotals("Sqlite"))
            {
                Execute(connection, sql + $"PRAGMA user_version = {version};");
            }

            Execute(connection, rows);
        }

        return OpenAsync();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

public sealed class PostgresSinkTotalsContractTests : SinkTotalsContractTests
{
    private protected override async Task<StoreUnderTest> OpenAsync() =>
        new PostgresStoreUnderTest(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync());

    private protected override async Task<StoreUnderTest> OpenOlderAsync(string rows)
    {
        var connectionString = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());");
            foreach (var (version, sql) in ScriptsBeforeTotals("Postgres"))
            {
                await ExecuteAsync(connection, sql + $"INSERT INTO schema_migrations (version) VALUES ({version});");
            }

            await ExecuteAsync(connection, rows);
        }

        return new PostgresStoreUnderTest(connectionString);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

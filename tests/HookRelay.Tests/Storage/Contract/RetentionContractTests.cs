using HookRelay.Storage;
using HookRelay.Storage.Postgres;
using HookRelay.Storage.Sqlite;
using HookRelay.Tests.Infrastructure;
using Npgsql;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>
/// What retention and <c>deadletters purge</c> remove, and what they keep, on every provider (the
/// subclasses at the end of this file): a real SQLite file and a real PostgreSQL database.
/// </summary>
public abstract class RetentionContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();
    private static readonly DateTimeOffset Cutoff = Now - TimeSpan.FromDays(90);
    private static readonly DateTimeOffset Old = Now - TimeSpan.FromDays(100);

    private protected abstract Task<StoreUnderTest> OpenAsync();

    private protected abstract IRetentionStore Retention(StoreUnderTest store);

    /// <summary>Rows in a table, read directly: the raw bodies have no reader of their own.</summary>
    private protected abstract long Count(StoreUnderTest store, string table);

    [Fact]
    public async Task Retention_OldHandledEvents_AreRemovedWithTheirBodies_NewOnesKept_DeliveredTotalKept()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(Old, ["siem"], "old-delivered-1", "old-delivered-2"), None);
        await store.Store.AppendAsync(Routed(Old, [], "old-unrouted"), None);
        await store.Store.AppendAsync(Routed(Now, ["siem"], "new-delivered"), None);
        await store.Store.AppendAsync(Routed(Now, [], "new-unrouted"), None);
        await SettleAsync(store, "siem", _ => DispatchState.Delivered);
        Assert.Equal(3, Assert.Single(store.Admin.Status()).Delivered);

        var batch = Retention(store).DeleteHandled(Cutoff, 100);

        Assert.Equal(new RetentionBatch(Events: 3, Bodies: 2, DeliveryFailures: 0), batch);
        Assert.Equal(["new-delivered", "new-unrouted"], store.AllUuids().Order());
        Assert.Null(store.Events.Find("old-delivered-1"));
        Assert.Equal(2, Count(store, "deliveries"));
        Assert.Equal(1, Count(store, "dispatch"));
        // Each event's actor id goes with it.
        Assert.Equal(2, Count(store, "event_parties"));
        // Deliveries all time: the deleted rows were delivered all the same.
        Assert.Equal(3, Assert.Single(store.Admin.Status()).Delivered);
        Assert.Equal(default, Retention(store).DeleteHandled(Cutoff, 100));
    }

    [Fact]
    public async Task Retention_OldEventsWithPendingOrDeadWork_AreKeptWithTheirBody()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(Old, ["siem", "archive"], "pending-for-archive", "dead-for-siem"), None);
        await store.Store.AppendAsync(Routed(Old, ["siem"], "handled"), None);
        await SettleAsync(store, "siem", uuid => uuid == "dead-for-siem" ? DispatchState.Dead : DispatchState.Delivered);
        await SettleAsync(store, "archive", uuid => uuid == "dead-for-siem" ? DispatchState.Delivered : null);

        var batch = Retention(store).DeleteHandled(Cutoff, 100);

        Assert.Equal(new RetentionBatch(Events: 1, Bodies: 1, DeliveryFailures: 0), batch);
        Assert.Equal(["dead-for-siem", "pending-for-archive"], store.AllUuids().Order());
        Assert.Equal(OktaPayloads.Event("dead-for-siem"), store.Events.Find("dead-for-siem")!.Json);
        Assert.Equal(1, Count(store, "deliveries"));
        var status = store.Admin.Status().ToDictionary(s => s.Sink);
        // Pending, or in flight where the claim leased it (PostgreSQL).
        Assert.Equal((1L, 1L), (status["archive"].Pending + status["archive"].InFlight, status["archive"].Delivered));
        // Two deliveries all time: the removed "handled" and the kept "pending-for-archive".
        Assert.Equal((1L, 2L), (status["siem"].Dead, status["siem"].Delivered));
    }

    [Fact]
    public async Task Retention_OldDeliveryWhoseEventsWereAllDuplicates_BodyIsRemoved()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(Now, [], "kept"), None);
        // Stored as a body of its own with no new event, as a System Log page of pushed events is.
        var duplicate = await store.Store.AppendAsync(Routed(Old, [], "kept"), None);
        Assert.Equal((AppendOutcome.Stored, 0), (duplicate.Outcome, duplicate.StoredEvents));

        var batch = Retention(store).DeleteHandled(Cutoff, 100);

        Assert.Equal(new RetentionBatch(Events: 0, Bodies: 1, DeliveryFailures: 0), batch);
        Assert.Equal(1, Count(store, "deliveries"));
        Assert.Equal(OktaPayloads.Event("kept"), store.Events.Find("kept")!.Json);
    }

    [Fact]
    public async Task Retention_ManyOldEvents_AreRemovedAtMostMaxPerBatch()
    {
        await using var store = await OpenAsync();
        foreach (var i in Enumerable.Range(0, 5))
        {
            await store.Store.AppendAsync(Routed(Old, [], $"batched-{i}"), None);
        }

        var retention = Retention(store);
        var batches = new[] { retention.DeleteHandled(Cutoff, 2), retention.DeleteHandled(Cutoff, 2), retention.DeleteHandled(Cutoff, 2) };

        Assert.Equal([2, 2, 1], batches.Select(b => b.Events));
        Assert.Equal([true, true, false], batches.Select(b => b.IsFull(2)));
        Assert.Empty(store.AllUuids());
        Assert.Equal(0, Count(store, "deliveries"));
    }

    [Fact]
    public async Task Retention_OktaDeliveryFailuresOlderThanTheCutoff_AreRemoved()
    {
        await using var store = await OpenAsync();
        var old = new OktaDeliveryFailure("acme", "f-old", Whole(Old), "who1", "HookRelay", "timeout");
        var recent = new OktaDeliveryFailure("acme", "f-new", Whole(Now.AddDays(-1)), "who1", "HookRelay", "timeout");
        await store.State.RecordDeliveryFailuresAsync([old, recent], None);

        var batch = Retention(store).DeleteHandled(Cutoff, 100);

        Assert.Equal(1, batch.DeliveryFailures);
        Assert.Equal([recent], store.Okta.DeliveryFailures("acme", Old.AddDays(-1)));
    }

    [Fact]
    public async Task PurgeThenRetention_TheDeadLettersEventIsRemovedByTheNextRun()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(Old, ["siem", "archive"], "refused"), None);
        await SettleAsync(store, "siem", _ => DispatchState.Dead);
        await SettleAsync(store, "archive", _ => DispatchState.Delivered);
        Assert.Equal(default, Retention(store).DeleteHandled(Cutoff, 100));

        Assert.Equal(1, store.Admin.PurgeDeadLetters(null, null, dryRun: true));
        Assert.Single(store.Admin.DeadLetters(null, 10));
        Assert.Equal(1, store.Admin.PurgeDeadLetters(null, null, dryRun: false));
        Assert.Empty(store.Admin.DeadLetters(null, 10));
        Assert.Equal(0, store.Admin.PurgeDeadLetters(null, null, dryRun: false));

        Assert.Equal(new RetentionBatch(Events: 1, Bodies: 1, DeliveryFailures: 0), Retention(store).DeleteHandled(Cutoff, 100));
        Assert.Empty(store.AllUuids());
        Assert.Equal(0, Count(store, "dispatch"));
    }

    [Fact]
    public async Task Purge_BySink_OnlyTouchesThatSinksDeadLetters()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(Now, ["siem", "archive"], "s-dead", "s-pending", "s-delivered"), None);
        await SettleAsync(store, "siem", uuid => uuid switch { "s-dead" => DispatchState.Dead, "s-delivered" => DispatchState.Delivered, _ => null });
        await SettleAsync(store, "archive", _ => DispatchState.Dead);

        Assert.Equal(3, store.Admin.PurgeDeadLetters("archive", null, dryRun: true));
        Assert.Equal(0, store.Admin.PurgeDeadLetters("nope", null, dryRun: false));
        Assert.Equal(1, store.Admin.PurgeDeadLetters("siem", null, dryRun: false));

        var status = store.Admin.Status().ToDictionary(s => s.Sink);
        Assert.Equal((1L, 1L, 0L), (status["siem"].Pending + status["siem"].InFlight, status["siem"].Delivered, status["siem"].Dead));
        Assert.Equal(3, status["archive"].Dead);
        Assert.All(store.Admin.DeadLetters(null, 10), d => Assert.Equal("archive", d.Sink));
    }

    [Fact]
    public async Task Purge_DiedBefore_KeepsDeadLettersThatDiedLater()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(Now, ["siem"], "died-just-now"), None);
        await SettleAsync(store, "siem", _ => DispatchState.Dead);

        Assert.Equal(0, store.Admin.PurgeDeadLetters(null, TimeProvider.System.GetUtcNow().AddHours(-1), dryRun: false));
        Assert.Single(store.Admin.DeadLetters("siem", 10));
        Assert.Equal(1, store.Admin.PurgeDeadLetters("siem", TimeProvider.System.GetUtcNow().AddMinutes(1), dryRun: false));
        Assert.Empty(store.Admin.DeadLetters("siem", 10));
    }

    /// <summary>A delivery received at <paramref name="receivedAt"/> whose events are routed to <paramref name="sinks"/>.</summary>
    private static ReceivedDelivery Routed(DateTimeOffset receivedAt, string[] sinks, params string[] uuids)
    {
        var delivery = StoreHarness.WithEvents(uuids);
        return delivery with { ReceivedAt = receivedAt, Events = [.. delivery.Events.Select(e => e with { Sinks = sinks })] };
    }

    /// <summary>
    /// Claims the sink's due work and settles each item as <paramref name="outcome"/> says for its
    /// event; null leaves it pending.
    /// </summary>
    private static async Task SettleAsync(StoreUnderTest store, string sink, Func<string, DispatchState?> outcome)
    {
        var claimed = await store.Queue.ClaimAsync(sink, 100, TimeSpan.FromMinutes(5), None);
        var uuids = store.Events.ReadForDispatch([.. claimed.Select(c => c.EventSeq)]).ToDictionary(e => e.Seq, e => e.Uuid);
        var completions = claimed
            .Select(c => (Item: c, State: outcome(uuids[c.EventSeq])))
            .Where(c => c.State is not null)
            .Select(c => new DispatchCompletion(c.Item.Id, c.State!.Value, null, c.State == DispatchState.Dead ? "400 from " + sink : null))
            .ToList();
        await store.Queue.CompleteAsync(completions, None);
    }

    /// <summary>Whole milliseconds, as the store keeps times.</summary>
    private static DateTimeOffset Whole(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}

public sealed class SqliteRetentionContractTests : RetentionContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private protected override Task<StoreUnderTest> OpenAsync() => Task.FromResult<StoreUnderTest>(new SqliteStoreUnderTest(_folder.Path));

    private protected override IRetentionStore Retention(StoreUnderTest store) =>
        new SqliteRetention(new SqliteDatabase(new DataDirectory(((SqliteStoreUnderTest)store).Folder), busyTimeoutSeconds: 5));

    private protected override long Count(StoreUnderTest store, string table) =>
        StoreQueries.Scalar(_folder.DatabasePath, $"SELECT COUNT(*) FROM {table};");
}

public sealed class PostgresRetentionContractTests : RetentionContractTests
{
    private protected override async Task<StoreUnderTest> OpenAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        return new PostgresStoreUnderTest(await cluster.CreateDatabaseAsync());
    }

    private protected override IRetentionStore Retention(StoreUnderTest store) => new PostgresRetention(((PostgresStoreUnderTest)store).Database);

    private protected override long Count(StoreUnderTest store, string table)
    {
        using var connection = ((PostgresStoreUnderTest)store).Database.OpenForQueries();
        using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM {table};", connection);
        return (long)command.ExecuteScalar()!;
    }
}

using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

/// <summary>
/// Retention on the SQLite file. Candidates are found by plain reads, which in WAL mode never hold
/// the writer back, however much of the file they scan; only the deletes by key take the write lock
/// (<c>BEGIN IMMEDIATE</c>, waiting at most the busy timeout), one short transaction per batch.
/// </summary>
internal sealed class SqliteRetention(SqliteDatabase database) : IRetentionStore
{
    private const string FindEvents = """
        SELECT e.seq FROM events e
        WHERE e.received_at < $cutoff
          AND NOT EXISTS (SELECT 1 FROM dispatch d WHERE d.event_seq = e.seq AND d.state <> 1)
        ORDER BY e.seq
        LIMIT $max;
        """;

    // The test again under the write lock: a replay may have queued one of them since the read.
    private const string DeleteEvents = """
        DELETE FROM events
        WHERE seq IN (SELECT value FROM json_each($seqs))
          AND NOT EXISTS (SELECT 1 FROM dispatch d WHERE d.event_seq = events.seq AND d.state <> 1)
        RETURNING seq;
        """;

    private const string DeleteDispatch = "DELETE FROM dispatch WHERE event_seq IN (SELECT value FROM json_each($seqs));";

    private const string DeleteParties = "DELETE FROM event_parties WHERE event_seq IN (SELECT value FROM json_each($seqs));";

    // NOT IN, not NOT EXISTS: events has no index on delivery_id, and SQLite runs a correlated
    // subquery as a scan of events per delivery (a minute for 1M events), but builds the list of
    // delivery_ids once for NOT IN (a quarter of a second).
    private const string FindBodies = """
        SELECT d.id FROM deliveries d
        WHERE d.received_at < $cutoff
          AND d.id NOT IN (SELECT delivery_id FROM events)
        ORDER BY d.id
        LIMIT $max;
        """;

    // No second test needed: events only ever refer to the delivery stored with them, in the same
    // transaction, so a body received before the cutoff that has no events now never gets any.
    private const string DeleteBodies = "DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each($ids));";

    private const string DeleteFailures = "DELETE FROM okta_delivery_failures WHERE published_at < $cutoff;";

    // What goes with a deleted event: its dispatch rows and the ids it is searched by.
    private static readonly string[] RowsOfEvents = [DeleteDispatch, DeleteParties];

    public RetentionBatch DeleteHandled(DateTimeOffset cutoff, int max)
    {
        var before = RetentionBatch.Cutoff(cutoff, max);
        try
        {
            using var connection = database.OpenForQueries();
            var events = DeleteEventsBatch(connection, before, max);
            var bodies = DeleteBodiesBatch(connection, before, max, out var failures);
            return new RetentionBatch(events, bodies, failures);
        }
        catch (SqliteException ex)
        {
            throw new StoreUnavailableException($"Retention could not delete from the SQLite file {database.Path}: {ex.Message}", ex);
        }
    }

    private static int DeleteEventsBatch(SqliteConnection connection, long before, int max)
    {
        var candidates = Read(connection, FindEvents, before, max);
        if (candidates.Count == 0)
        {
            return 0;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        List<long> deleted;
        using (var command = Command(connection, transaction, DeleteEvents).Set("$seqs", Json(candidates)))
        {
            deleted = StoreRows.ReadAll(command, StoreRows.Key, candidates.Count);
        }

        foreach (var sql in deleted.Count > 0 ? RowsOfEvents : [])
        {
            using var command = Command(connection, transaction, sql).Set("$seqs", Json(deleted));
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return deleted.Count;
    }

    private static int DeleteBodiesBatch(SqliteConnection connection, long before, int max, out int failures)
    {
        var bodies = Read(connection, FindBodies, before, max);
        using var transaction = connection.BeginTransaction(deferred: false);
        if (bodies.Count > 0)
        {
            using var command = Command(connection, transaction, DeleteBodies).Set("$ids", Json(bodies));
            command.ExecuteNonQuery();
        }

        using (var command = Command(connection, transaction, DeleteFailures).Set("$cutoff", before))
        {
            failures = command.ExecuteNonQuery();
        }

        transaction.Commit();
        return bodies.Count;
    }

    private static List<long> Read(SqliteConnection connection, string sql, long before, int max)
    {
        using var command = Command(connection, null, sql).Set("$cutoff", before).Set("$max", max);
        return StoreRows.ReadAll(command, StoreRows.Key);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static string Json(List<long> keys) => "[" + string.Join(',', keys) + "]";
}

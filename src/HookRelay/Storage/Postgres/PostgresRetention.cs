using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// Retention on the shared PostgreSQL database, one short transaction per batch on a pooled
/// connection. It never waits on a worker: dispatch rows another transaction holds are skipped, and
/// their events kept for the next run.
/// </summary>
internal sealed class PostgresRetention(PostgresDatabase database) : IRetentionStore
{
    private const string FindEvents = """
        SELECT e.seq FROM events e
        WHERE e.received_at < @cutoff
          AND NOT EXISTS (SELECT 1 FROM dispatch d WHERE d.event_seq = e.seq AND d.state <> 1)
        ORDER BY e.seq
        LIMIT @max;
        """;

    // Locks the candidates' dispatch rows, so no replay or worker changes them until the commit.
    private const string LockDispatch = "SELECT id FROM dispatch WHERE event_seq = ANY(@seqs) ORDER BY id FOR UPDATE SKIP LOCKED;";

    // The test again, now that the rows are locked (each statement sees the latest commits): a
    // replay may have queued one of them since the read, or hold a row this transaction skipped.
    private const string DeleteEvents = """
        DELETE FROM events e
        WHERE e.seq = ANY(@seqs)
          AND NOT EXISTS (SELECT 1 FROM dispatch d WHERE d.event_seq = e.seq AND (d.state <> 1 OR d.id <> ALL(@locked)))
        RETURNING e.seq;
        """;

    private const string DeleteDispatch = "DELETE FROM dispatch WHERE event_seq = ANY(@seqs);";

    private const string DeleteParties = "DELETE FROM event_parties WHERE event_seq = ANY(@seqs);";

    // No second test needed: events only ever refer to the delivery stored with them, in the same
    // transaction, so a body received before the cutoff that has no events now never gets any.
    private const string DeleteBodies = """
        DELETE FROM deliveries WHERE id IN (
            SELECT dl.id FROM deliveries dl
            WHERE dl.received_at < @cutoff
              AND NOT EXISTS (SELECT 1 FROM events e WHERE e.delivery_id = dl.id)
            ORDER BY dl.id
            LIMIT @max);
        """;

    private const string DeleteFailures = "DELETE FROM okta_delivery_failures WHERE published_at < @cutoff;";

    // What goes with a deleted event: its dispatch rows and the ids it is searched by.
    private static readonly string[] RowsOfEvents = [DeleteDispatch, DeleteParties];

    public RetentionBatch DeleteHandled(DateTimeOffset cutoff, int max)
    {
        var before = RetentionBatch.Cutoff(cutoff, max);
        try
        {
            using var connection = database.OpenForQueries();
            var events = DeleteEventsBatch(connection, before, max);
            using var transaction = connection.BeginTransaction();
            using var bodies = new NpgsqlCommand(DeleteBodies, connection, transaction).Set("cutoff", before).Set("max", max);
            using var failures = new NpgsqlCommand(DeleteFailures, connection, transaction).Set("cutoff", before);
            var batch = new RetentionBatch(events, bodies.ExecuteNonQuery(), failures.ExecuteNonQuery());
            transaction.Commit();
            return batch;
        }
        catch (NpgsqlException ex)
        {
            throw new StoreUnavailableException($"Retention could not delete from the {database.Description}: {ex.Message}", ex);
        }
    }

    private static int DeleteEventsBatch(NpgsqlConnection connection, long before, int max)
    {
        var seqs = Keys(new NpgsqlCommand(FindEvents, connection).Set("cutoff", before).Set("max", max));
        if (seqs.Length == 0)
        {
            return 0;
        }

        using var transaction = connection.BeginTransaction();
        var locked = Keys(new NpgsqlCommand(LockDispatch, connection, transaction).Set("seqs", seqs));
        var deleted = Keys(new NpgsqlCommand(DeleteEvents, connection, transaction).Set("seqs", seqs).Set("locked", locked));
        foreach (var sql in deleted.Length > 0 ? RowsOfEvents : [])
        {
            using var command = new NpgsqlCommand(sql, connection, transaction).Set("seqs", deleted);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return deleted.Length;
    }

    // Takes the command over, so the callers can build it inline.
    private static long[] Keys(NpgsqlCommand command)
    {
        using (command)
        {
            return [.. StoreRows.ReadAll(command, StoreRows.Key)];
        }
    }
}

using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

/// <summary>
/// What operators ask of the dispatch queue from the CLI: status, dead letters, replay, purge. Runs on
/// its own connection, also while the server is running (SQLite serialises the writes).
/// </summary>
internal sealed class SqliteDispatchAdmin(SqliteDatabase database, TimeProvider timeProvider) : IDispatchAdmin
{
    public IReadOnlyList<SinkBacklog> Backlog()
    {
        using var connection = database.OpenForQueries();
        return SinkBacklogQueries.Read(connection, null, timeProvider.GetUtcNow());
    }

    public IReadOnlyList<SinkStatus> Status()
    {
        using var connection = database.OpenForQueries();
        using var snapshot = connection.BeginTransaction(deferred: true);
        return SinkStatusQueries.Read(connection, snapshot, timeProvider.GetUtcNow());
    }

    public IReadOnlyList<DeadLetter> DeadLetters(string? sink, int limit)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT d.sink, e.uuid, e.event_type, e.published, d.attempts, d.last_error, d.done_at
            FROM dispatch d JOIN events e ON e.seq = d.event_seq
            WHERE d.state = 2 AND ($sink IS NULL OR d.sink = $sink)
            ORDER BY d.done_at DESC, d.id DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$sink", (object?)sink ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        return StoreRows.ReadAll(command, StoreRows.DeadLetter);
    }

    public IReadOnlyList<ReconcileStatus> Provenance()
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT hook,
                   COUNT(*) FILTER (WHERE provenance = 1),
                   COUNT(*) FILTER (WHERE provenance = 2),
                   COUNT(*) FILTER (WHERE provenance = 3)
            FROM events GROUP BY hook ORDER BY hook;
            """;
        return StoreRows.ReadAll(command, StoreRows.ReconcileStatus);
    }

    public IReadOnlyList<CursorStatus> Cursors()
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT org, updated_at FROM okta_cursors WHERE org NOT LIKE '%:failures' ORDER BY org;";
        return StoreRows.ReadAll(command, StoreRows.CursorStatus);
    }

    private const int ReplayChunk = 50_000;

    private const string ReplaySql = """
        INSERT INTO dispatch (event_seq, sink, next_attempt_at, created_at)
        SELECT e.seq, $sink, $now, $now
        FROM events e LEFT JOIN dispatch d ON d.event_seq = e.seq AND d.sink = $sink
        WHERE e.seq > $after AND e.seq <= $upTo
          AND ($uuid IS NULL OR e.uuid = $uuid)
          AND ($type IS NULL OR e.event_type GLOB $type)
          AND ($since IS NULL OR COALESCE(e.published_at, e.received_at) >= $since)
          AND ($until IS NULL OR COALESCE(e.published_at, e.received_at) < $until)
          AND (NOT $deadOnly OR d.state = 2)
          AND (d.id IS NULL OR d.state <> 0)
        ON CONFLICT (event_seq, sink) DO UPDATE SET
            state = 0, attempts = 0, next_attempt_at = excluded.next_attempt_at,
            lease_until = NULL, last_error = NULL, done_at = NULL, created_at = excluded.created_at;
        """;

    /// <summary>
    /// Queues the selected events for the sink again, now; returns how many. Works through the
    /// events in chunks, each its own short transaction, so the server's writes (Okta's
    /// deliveries) never wait long behind a replay of a large store.
    /// </summary>
    /// <param name="progress">Told the share of the store worked through (0 to 1) after each chunk.</param>
    public int Replay(ReplaySelection selection, Action<double>? progress = null)
    {
        using var connection = database.OpenForQueries();
        using (var durable = connection.CreateCommand())
        {
            durable.CommandText = "PRAGMA synchronous = FULL;";
            durable.ExecuteNonQuery();
        }

        long lastSeq;
        using (var max = connection.CreateCommand())
        {
            max.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM events;";
            lastSeq = (long)max.ExecuteScalar()!;
        }

        // One event: a single statement through the uuid index.
        var chunk = selection.Uuid is null ? ReplayChunk : lastSeq;
        var queued = 0;
        for (var after = 0L; after < lastSeq; after += chunk)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = ReplaySql;
            command.Parameters.AddWithValue("$after", after);
            command.Parameters.AddWithValue("$upTo", after + chunk);
            command.Parameters.AddWithValue("$sink", selection.Sink);
            command.Parameters.AddWithValue("$now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$uuid", (object?)selection.Uuid ?? DBNull.Value);
            command.Parameters.AddWithValue("$type", (object?)selection.TypeGlob ?? DBNull.Value);
            command.Parameters.AddWithValue("$since", (object?)selection.Since?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            command.Parameters.AddWithValue("$until", (object?)selection.Until?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            command.Parameters.AddWithValue("$deadOnly", selection.DeadLettersOnly);
            queued += command.ExecuteNonQuery();
            transaction.Commit();
            progress?.Invoke(Math.Min(1, (double)(after + chunk) / lastSeq));
        }

        return queued;
    }

    private const int PurgeChunk = 10_000;

    // Served by the partial index of dead letters (sink, done_at) WHERE state = 2.
    private const string DeadLetterFilter = "state = 2 AND ($sink IS NULL OR sink = $sink) AND ($before IS NULL OR done_at < $before)";

    /// <summary>
    /// Deletes dead letters in chunks, each its own short transaction, so the server's writes never
    /// wait long behind the purge of a sink that refused everything for weeks.
    /// </summary>
    public int PurgeDeadLetters(string? sink, DateTimeOffset? diedBefore, bool dryRun)
    {
        using var connection = database.OpenForQueries();
        if (dryRun)
        {
            using var count = DeadLetterCommand(connection, $"SELECT COUNT(*) FROM dispatch WHERE {DeadLetterFilter};", sink, diedBefore);
            return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var purged = 0;
        int deleted;
        do
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = DeadLetterCommand(
                connection,
                $"DELETE FROM dispatch WHERE id IN (SELECT id FROM dispatch WHERE {DeadLetterFilter} LIMIT $chunk);",
                sink,
                diedBefore);
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$chunk", PurgeChunk);
            deleted = command.ExecuteNonQuery();
            transaction.Commit();
            purged += deleted;
        }
        while (deleted == PurgeChunk);

        return purged;
    }

    private static SqliteCommand DeadLetterCommand(SqliteConnection connection, string sql, string? sink, DateTimeOffset? diedBefore)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$sink", (object?)sink ?? DBNull.Value);
        command.Parameters.AddWithValue("$before", (object?)diedBefore?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        return command;
    }
}

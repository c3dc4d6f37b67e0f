using System.Data;
using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// What operators ask of the dispatch queue from the CLI: status, dead letters, replay, purge. Runs on
/// pooled connections of its own, also while servers are running.
/// </summary>
internal sealed class PostgresDispatchAdmin(PostgresDatabase database, TimeProvider timeProvider) : IDispatchAdmin
{
    public IReadOnlyList<SinkBacklog> Backlog() => database.Read(connection => SinkBacklogQueries.Read(connection, null, timeProvider.GetUtcNow()));

    public IReadOnlyList<SinkStatus> Status() => database.Read(connection =>
    {
        using var snapshot = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        return SinkStatusQueries.Read(connection, snapshot, timeProvider.GetUtcNow());
    });

    public IReadOnlyList<DeadLetter> DeadLetters(string? sink, int limit) => database.Read(connection =>
    {
        // NULLS LAST: where SQLite puts them in a descending sort.
        using var command = new NpgsqlCommand("""
            SELECT d.sink, e.uuid, e.event_type, e.published, d.attempts, d.last_error, d.done_at
            FROM dispatch d JOIN events e ON e.seq = d.event_seq
            WHERE d.state = 2 AND (@sink::text IS NULL OR d.sink = @sink)
            ORDER BY d.done_at DESC NULLS LAST, d.id DESC
            LIMIT @limit;
            """, connection)
            .Set("sink", sink)
            .Set("limit", limit);
        return StoreRows.ReadAll(command, StoreRows.DeadLetter);
    });

    public IReadOnlyList<ReconcileStatus> Provenance() => database.Read(connection =>
    {
        using var command = new NpgsqlCommand("""
            SELECT hook,
                   COUNT(*) FILTER (WHERE provenance = 1),
                   COUNT(*) FILTER (WHERE provenance = 2),
                   COUNT(*) FILTER (WHERE provenance = 3)
            FROM events GROUP BY hook ORDER BY hook COLLATE "C";
            """, connection);
        return StoreRows.ReadAll(command, StoreRows.ReconcileStatus);
    });

    public IReadOnlyList<CursorStatus> Cursors() => database.Read(connection =>
    {
        using var command = new NpgsqlCommand("SELECT org, updated_at FROM okta_cursors WHERE org NOT LIKE '%:failures' ORDER BY org COLLATE \"C\";", connection);
        return StoreRows.ReadAll(command, StoreRows.CursorStatus);
    });

    private const int ReplayChunk = 50_000;

    // The upsert's WHERE repeats the select's "not pending" test at the row itself: a worker, or
    // another replay, may change the row between this statement's snapshot and its update
    // (SQLite's single writer rules that out), and a pending row must keep its lease and attempts.
    private const string ReplaySql = """
        INSERT INTO dispatch (event_seq, sink, next_attempt_at, created_at)
        SELECT e.seq, @sink, @now, @now
        FROM events e LEFT JOIN dispatch d ON d.event_seq = e.seq AND d.sink = @sink
        WHERE e.seq > @after AND e.seq <= @upTo
          AND (@uuid::text IS NULL OR e.uuid = @uuid)
          AND (@type::text IS NULL OR e.event_type LIKE @type)
          AND (@since::bigint IS NULL OR COALESCE(e.published_at, e.received_at) >= @since)
          AND (@until::bigint IS NULL OR COALESCE(e.published_at, e.received_at) < @until)
          AND (NOT @deadOnly::boolean OR d.state = 2)
          AND (d.id IS NULL OR d.state <> 0)
        ON CONFLICT (event_seq, sink) DO UPDATE SET
            state = 0, attempts = 0, next_attempt_at = excluded.next_attempt_at,
            lease_until = NULL, last_error = NULL, done_at = NULL, created_at = excluded.created_at
        WHERE dispatch.state <> 0;
        """;

    /// <summary>
    /// Queues the selected events for the sink again, now; returns how many. Works through the
    /// events in chunks, each its own short transaction, so the servers' writes (Okta's
    /// deliveries) never wait long behind a replay of a large store.
    /// </summary>
    /// <param name="progress">Told the share of the store worked through (0 to 1) after each chunk.</param>
    public int Replay(ReplaySelection selection, Action<double>? progress = null)
    {
        var queued = 0;
        try
        {
            using var connection = database.OpenForQueries();
            long lastSeq;
            using (var max = new NpgsqlCommand("SELECT COALESCE(MAX(seq), 0) FROM events;", connection))
            {
                lastSeq = (long)max.ExecuteScalar()!;
            }

            var type = selection.TypeGlob is { } glob ? GlobPattern.ToLike(glob) : null;

            // One event: a single statement through the uuid index.
            var chunk = selection.Uuid is null ? ReplayChunk : lastSeq;
            for (var after = 0L; after < lastSeq; after += chunk)
            {
                using var transaction = connection.BeginTransaction();

                // A replay is an operator's request: committed means queued, whatever the
                // database's or role's default says.
                using (var durable = new NpgsqlCommand("SET LOCAL synchronous_commit = on;", connection, transaction))
                {
                    durable.ExecuteNonQuery();
                }

                using var command = new NpgsqlCommand(ReplaySql, connection, transaction)
                    .Set("after", after)
                    .Set("upTo", after + chunk)
                    .Set("sink", selection.Sink)
                    .Set("now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds())
                    .Set("uuid", selection.Uuid)
                    .Set("type", type)
                    .Set("since", selection.Since?.ToUnixTimeMilliseconds())
                    .Set("until", selection.Until?.ToUnixTimeMilliseconds())
                    .Set("deadOnly", selection.DeadLettersOnly);
                queued += command.ExecuteNonQuery();
                transaction.Commit();
                progress?.Invoke(Math.Min(1, (double)(after + chunk) / lastSeq));
            }

            return queued;
        }
        catch (NpgsqlException ex)
        {
            // The chunks committed so far stay queued; say so, so a rerun is not a surprise.
            throw new StoreUnavailableException(
                $"Replay stopped after queuing {queued} events: the {database.Description} failed: {ex.Message}", ex);
        }
    }

    private const int PurgeChunk = 10_000;

    private const string DeadLetterFilter = "state = 2 AND (@sink::text IS NULL OR sink = @sink) AND (@before::bigint IS NULL OR done_at < @before)";

    // Rows another transaction holds (a replay queuing them again) are skipped, and the outer test
    // of state sees the latest commit, so an item replayed meanwhile is never purged.
    private const string PurgeSql = $"""
        DELETE FROM dispatch WHERE state = 2 AND id IN (
            SELECT id FROM dispatch WHERE {DeadLetterFilter} LIMIT @chunk FOR UPDATE SKIP LOCKED);
        """;

    /// <summary>Deletes dead letters in chunks, each its own short transaction.</summary>
    public int PurgeDeadLetters(string? sink, DateTimeOffset? diedBefore, bool dryRun)
    {
        var purged = 0;
        try
        {
            using var connection = database.OpenForQueries();
            if (dryRun)
            {
                using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM dispatch WHERE {DeadLetterFilter};", connection)
                    .Set("sink", sink)
                    .Set("before", diedBefore?.ToUnixTimeMilliseconds());
                return (int)(long)count.ExecuteScalar()!;
            }

            int deleted;
            do
            {
                using var command = new NpgsqlCommand(PurgeSql, connection)
                    .Set("sink", sink)
                    .Set("before", diedBefore?.ToUnixTimeMilliseconds())
                    .Set("chunk", PurgeChunk);
                deleted = command.ExecuteNonQuery();
                purged += deleted;
            }
            while (deleted == PurgeChunk);

            return purged;
        }
        catch (NpgsqlException ex)
        {
            // The chunks deleted so far stay deleted; say so, so a rerun is not a surprise.
            throw new StoreUnavailableException(
                $"Purge stopped after deleting {purged} dead letters: the {database.Description} failed: {ex.Message}", ex);
        }
    }
}

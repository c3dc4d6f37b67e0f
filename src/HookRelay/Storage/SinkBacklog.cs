using System.Data.Common;

namespace HookRelay.Storage;

/// <summary>
/// A sink's unfinished work: what the dashboard's overview shows every few seconds. Unlike
/// <see cref="SinkStatus"/> it leaves out the delivered total, which means counting every row
/// ever delivered; everything here comes from the partial indexes on pending and dead rows.
/// </summary>
internal sealed record SinkBacklog(string Sink, long Pending, long InFlight, long Failing, long Dead, string? LastError, DateTimeOffset? PausedUntil);

/// <summary>The backlog queries both stores run (the same SQL: SQLite takes @ parameters too).</summary>
internal static class SinkBacklogQueries
{
    /// <summary>Counts per sink from pending rows and from dead rows.</summary>
    public const string Counts = """
        SELECT sink,
               COUNT(*) FILTER (WHERE lease_until IS NULL OR lease_until <= @now),
               COUNT(*) FILTER (WHERE lease_until > @now),
               COUNT(*) FILTER (WHERE last_error IS NOT NULL),
               0
        FROM dispatch WHERE state = 0 GROUP BY sink
        UNION ALL
        SELECT sink, 0, 0, 0, COUNT(*) FROM dispatch WHERE state = 2 GROUP BY sink;
        """;

    /// <summary>The sink's latest error: its newest dead letter's, else a failing item's.</summary>
    public const string LastError = """
        SELECT last_error FROM (
            SELECT last_error, 1 AS rank, done_at AS at FROM dispatch WHERE sink = @sink AND state = 2 AND last_error IS NOT NULL
            UNION ALL
            SELECT last_error, 2, next_attempt_at FROM dispatch WHERE sink = @sink AND state = 0 AND last_error IS NOT NULL
        ) errors ORDER BY rank, at DESC LIMIT 1;
        """;

    public const string Pauses = "SELECT sink, paused_until FROM sink_pauses WHERE paused_until > @now;";

    /// <summary>Every sink's backlog, read on <paramref name="connection"/> (inside <paramref name="transaction"/> when given).</summary>
    public static List<SinkBacklog> Read(DbConnection connection, DbTransaction? transaction, DateTimeOffset now)
    {
        var at = now.ToUnixTimeMilliseconds();
        using var counts = StoreCommands.Create(connection, transaction, Counts, ("@now", at));
        var rows = StoreRows.ReadAll(counts, r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)));
        using var pauses = StoreCommands.Create(connection, transaction, Pauses, ("@now", at));
        var paused = StoreRows.ReadAll(pauses, r => (Sink: r.GetString(0), Until: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1))))
            .ToDictionary(p => p.Sink, p => p.Until, StringComparer.Ordinal);
        using var lastError = StoreCommands.Create(connection, transaction, LastError, ("@sink", string.Empty));
        return Assemble(rows, paused, sink =>
        {
            lastError.Parameters[0].Value = sink;
            return lastError.ExecuteScalar() as string;
        });
    }

    /// <summary>Adds up the count rows per sink (sinks in name order) and attaches pauses and last errors.</summary>
    public static List<SinkBacklog> Assemble(
        IEnumerable<(string Sink, long Pending, long InFlight, long Failing, long Dead)> counts,
        IReadOnlyDictionary<string, DateTimeOffset> pauses,
        Func<string, string?> lastError) =>
        [.. counts.GroupBy(c => c.Sink, StringComparer.Ordinal)
            .Select(g => (Sink: g.Key, Pending: g.Sum(c => c.Pending), InFlight: g.Sum(c => c.InFlight), Failing: g.Sum(c => c.Failing), Dead: g.Sum(c => c.Dead)))
            .Concat(pauses.Keys.Where(p => !counts.Any(c => c.Sink == p)).Select(p => (Sink: p, Pending: 0L, InFlight: 0L, Failing: 0L, Dead: 0L)))
            .OrderBy(s => s.Sink, StringComparer.Ordinal)
            .Select(s => new SinkBacklog(
                s.Sink, s.Pending, s.InFlight, s.Failing, s.Dead,
                s.Failing + s.Dead > 0 ? lastError(s.Sink) : null,
                pauses.TryGetValue(s.Sink, out var until) ? until : null))];
}

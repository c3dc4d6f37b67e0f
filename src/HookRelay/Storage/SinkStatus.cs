using System.Data.Common;

namespace HookRelay.Storage;

/// <summary>A sink's work as the store sees it. <paramref name="Failing"/> counts pending items that have failed before.</summary>
/// <param name="Delivered">Deliveries all time, from the sink's total: retention does not lower it, and an event replayed and delivered again counts twice.</param>
/// <param name="PausedUntil">Set while the circuit breaker holds the sink back.</param>
internal sealed record SinkStatus(string Sink, long Pending, long InFlight, long Delivered, long Failing, long Dead, string? LastError, DateTimeOffset? PausedUntil = null);

/// <summary>
/// Status is the backlog (<see cref="SinkBacklogQueries"/>) plus each sink's delivered total, a
/// counter the completions keep: neither reads a delivered row.
/// </summary>
internal static class SinkStatusQueries
{
    /// <summary>Each sink's total, summed over its rows (PostgreSQL keeps a few per sink, one per writer slot).</summary>
    public const string Totals = "SELECT sink, CAST(SUM(delivered) AS bigint) FROM sink_totals GROUP BY sink;";

    /// <summary>Every sink's status, in one snapshot (<paramref name="snapshot"/>): an item delivered meanwhile is counted once.</summary>
    public static List<SinkStatus> Read(DbConnection connection, DbTransaction snapshot, DateTimeOffset now)
    {
        var backlog = SinkBacklogQueries.Read(connection, snapshot, now);
        using var totals = StoreCommands.Create(connection, snapshot, Totals);
        return Combine(backlog, StoreRows.ReadAll(totals, r => (r.GetString(0), r.GetInt64(1))));
    }

    /// <summary>Every sink with a backlog or a total, in name order; a sink whose rows retention removed still shows its total.</summary>
    private static List<SinkStatus> Combine(IReadOnlyList<SinkBacklog> backlog, IEnumerable<(string Sink, long Delivered)> totals)
    {
        var delivered = totals.ToDictionary(t => t.Sink, t => t.Delivered, StringComparer.Ordinal);
        var work = backlog.ToDictionary(b => b.Sink, StringComparer.Ordinal);
        return [.. work.Keys.Union(delivered.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(sink =>
        {
            var b = work.GetValueOrDefault(sink) ?? new SinkBacklog(sink, 0, 0, 0, 0, null, null);
            return new SinkStatus(sink, b.Pending, b.InFlight, delivered.GetValueOrDefault(sink), b.Failing, b.Dead, b.LastError, b.PausedUntil);
        })];
    }
}

using System.Data.Common;

namespace HookRelay.Storage;

/// <summary>What the dashboard's overview shows from the store: recent flow per minute and the day's totals.</summary>
internal interface IOverviewReader
{
    /// <summary>Counts over the <paramref name="minutes"/> minutes before <paramref name="now"/> and the 24 hours before it.</summary>
    StoreOverview Overview(DateTimeOffset now, int minutes);
}

/// <param name="Minutes">One entry per minute, oldest first, zeros included.</param>
/// <param name="RecoveredLastDay">Events stored in the last 24 hours that only the System Log had: missed by Okta's push and recovered.</param>
internal sealed record StoreOverview(IReadOnlyList<MinuteFlow> Minutes, long RecoveredLastDay);

/// <param name="Received">Events stored in the minute.</param>
/// <param name="Delivered">Items delivered to sinks in the minute.</param>
internal sealed record MinuteFlow(DateTimeOffset Minute, long Received, long Delivered);

/// <summary>Builds the per-minute series from sparse (minute number, count) rows.</summary>
internal static class MinuteSeries
{
    public static IReadOnlyList<MinuteFlow> Build(long firstMinute, int minutes, IReadOnlyDictionary<long, long> received, IReadOnlyDictionary<long, long> delivered) =>
        [.. Enumerable.Range(0, minutes).Select(i => firstMinute + i).Select(m => new MinuteFlow(
            DateTimeOffset.FromUnixTimeMilliseconds(m * 60_000), received.GetValueOrDefault(m), delivered.GetValueOrDefault(m)))];

    /// <summary>The unix minute <paramref name="minutes"/> − 1 minutes before the one <paramref name="now"/> is in.</summary>
    public static long FirstMinute(DateTimeOffset now, int minutes) => (now.ToUnixTimeMilliseconds() / 60_000) - minutes + 1;
}

/// <summary>The overview's queries: the same SQL on both stores, through the receipt and delivery-time indexes.</summary>
internal static class OverviewQueries
{
    /// <param name="settled">The counts of minutes read before that can no longer change; only later minutes are counted.</param>
    public static StoreOverview Read(DbConnection connection, DateTimeOffset now, int minutes, SettledMinutes settled)
    {
        var first = MinuteSeries.FirstMinute(now, minutes);
        var (askFrom, held) = settled.From(first);
        var dayAgo = now.AddDays(-1).ToUnixTimeMilliseconds();
        var received = PerMinute(connection, "SELECT received_at / 60000, COUNT(*) FROM events WHERE received_at >= @since GROUP BY 1;", askFrom * 60_000);
        var delivered = PerMinute(connection, "SELECT done_at / 60000, COUNT(*) FROM dispatch WHERE state = 1 AND done_at >= @since GROUP BY 1;", askFrom * 60_000);
        settled.Keep(first, askFrom, now.ToUnixTimeMilliseconds() / 60_000, received, delivered);
        foreach (var (minute, counts) in held)
        {
            received[minute] = counts.Received;
            delivered[minute] = counts.Delivered;
        }

        return new StoreOverview(
            MinuteSeries.Build(first, minutes, received, delivered),
            // Only the pull-only events of the day (a partial index); counting all of the day's
            // events took 30 ms at 1 M, and the page shows the last hour's from the minutes.
            Count(connection, "SELECT COUNT(*) FROM events WHERE provenance = 2 AND received_at >= @since;", dayAgo));
    }

    private static Dictionary<long, long> PerMinute(DbConnection connection, string sql, long since)
    {
        using var command = StoreCommands.Create(connection, null, sql, ("@since", since));
        return StoreRows.ReadAll(command, r => (Minute: r.GetInt64(0), Count: r.GetInt64(1))).ToDictionary(m => m.Minute, m => m.Count);
    }

    private static long Count(DbConnection connection, string sql, long since)
    {
        using var command = StoreCommands.Create(connection, null, sql, ("@since", since));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

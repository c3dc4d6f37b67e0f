using System.Data.Common;

namespace HookRelay.Storage;

/// <summary>What the dashboard's overview shows from the store: events received and delivered per minute.</summary>
internal interface IOverviewReader
{
    /// <summary>Counts over the <paramref name="minutes"/> minutes before <paramref name="now"/>.</summary>
    StoreOverview Overview(DateTimeOffset now, int minutes);
}

/// <param name="Minutes">One entry per minute, oldest first, zeros included.</param>
internal sealed record StoreOverview(IReadOnlyList<MinuteFlow> Minutes);

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
        var received = PerMinute(connection, "SELECT received_at / 60000, COUNT(*) FROM events WHERE received_at >= @since GROUP BY 1;", askFrom * 60_000);
        var delivered = PerMinute(connection, "SELECT done_at / 60000, COUNT(*) FROM dispatch WHERE state = 1 AND done_at >= @since GROUP BY 1;", askFrom * 60_000);
        settled.Keep(first, askFrom, now.ToUnixTimeMilliseconds() / 60_000, received, delivered);
        foreach (var (minute, counts) in held)
        {
            received[minute] = counts.Received;
            delivered[minute] = counts.Delivered;
        }

        return new StoreOverview(MinuteSeries.Build(first, minutes, received, delivered));
    }

    private static Dictionary<long, long> PerMinute(DbConnection connection, string sql, long since)
    {
        using var command = StoreCommands.Create(connection, null, sql, ("@since", since));
        return StoreRows.ReadAll(command, r => (Minute: r.GetInt64(0), Count: r.GetInt64(1))).ToDictionary(m => m.Minute, m => m.Count);
    }
}

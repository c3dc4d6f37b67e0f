using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

/// <summary>The overview's counts, through the receipt and delivery-time indexes (schema 008).</summary>
internal sealed class SqliteOverviewReader(SqliteDatabase database) : IOverviewReader
{
    public StoreOverview Overview(DateTimeOffset now, int minutes)
    {
        var first = MinuteSeries.FirstMinute(now, minutes);
        var dayAgo = now.AddDays(-1).ToUnixTimeMilliseconds();
        using var connection = database.OpenForQueries();
        var received = PerMinute(connection, "SELECT received_at / 60000, COUNT(*) FROM events WHERE received_at >= $from GROUP BY 1;", first);
        var delivered = PerMinute(connection, "SELECT done_at / 60000, COUNT(*) FROM dispatch WHERE state = 1 AND done_at >= $from GROUP BY 1;", first);
        return new StoreOverview(
            MinuteSeries.Build(first, minutes, received, delivered),
            Count(connection, "SELECT COUNT(*) FROM events WHERE received_at >= $since;", dayAgo),
            Count(connection, "SELECT COUNT(*) FROM events WHERE provenance = 2 AND received_at >= $since;", dayAgo));
    }

    private static Dictionary<long, long> PerMinute(SqliteConnection connection, string sql, long firstMinute)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$from", firstMinute * 60_000);
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<long, long>();
        while (reader.Read())
        {
            counts[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private static long Count(SqliteConnection connection, string sql, long since)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$since", since);
        return (long)command.ExecuteScalar()!;
    }
}

using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>The overview's counts, through the receipt and delivery-time indexes (schema 005).</summary>
internal sealed class PostgresOverviewReader(PostgresDatabase database) : IOverviewReader
{
    public StoreOverview Overview(DateTimeOffset now, int minutes)
    {
        var first = MinuteSeries.FirstMinute(now, minutes);
        var dayAgo = now.AddDays(-1).ToUnixTimeMilliseconds();
        try
        {
            using var connection = database.OpenForQueries();
            var received = PerMinute(connection, "SELECT received_at / 60000, COUNT(*) FROM events WHERE received_at >= @from GROUP BY 1;", first);
            var delivered = PerMinute(connection, "SELECT done_at / 60000, COUNT(*) FROM dispatch WHERE state = 1 AND done_at >= @from GROUP BY 1;", first);
            return new StoreOverview(
                MinuteSeries.Build(first, minutes, received, delivered),
                Count(connection, "SELECT COUNT(*) FROM events WHERE received_at >= @since;", dayAgo),
                Count(connection, "SELECT COUNT(*) FROM events WHERE provenance = 2 AND received_at >= @since;", dayAgo));
        }
        catch (NpgsqlException ex)
        {
            throw new StoreUnavailableException($"Cannot read from the {database.Description}: {ex.Message}", ex);
        }
    }

    private static Dictionary<long, long> PerMinute(NpgsqlConnection connection, string sql, long firstMinute)
    {
        using var command = new NpgsqlCommand(sql, connection).Set("from", firstMinute * 60_000);
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<long, long>();
        while (reader.Read())
        {
            counts[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private static long Count(NpgsqlConnection connection, string sql, long since)
    {
        using var command = new NpgsqlCommand(sql, connection).Set("since", since);
        return (long)command.ExecuteScalar()!;
    }
}

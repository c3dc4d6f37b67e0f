namespace HookRelay.Storage.Sqlite;

/// <summary>
/// Finds a sink's due work. With SQLite one process owns the store and runs one worker per sink,
/// which handles one batch at a time, so a claim needs no write: reading the due items is enough,
/// and an attempt is counted when its outcome is recorded. (A store shared by several instances
/// has to lease instead; the dispatch table keeps a lease_until column for that.)
/// </summary>
internal sealed class SqliteDueWork(SqliteDatabase database, TimeProvider timeProvider)
{
    public IReadOnlyList<DispatchItem> Read(string sink, int max)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, event_seq, attempts + 1, created_at FROM dispatch
            WHERE sink = $sink AND state = 0 AND next_attempt_at <= $now
            ORDER BY next_attempt_at, id
            LIMIT $max;
            """;
        command.Parameters.AddWithValue("$sink", sink);
        command.Parameters.AddWithValue("$now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var items = new List<DispatchItem>();
        while (reader.Read())
        {
            items.Add(new DispatchItem(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return items;
    }
}

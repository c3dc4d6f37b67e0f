namespace HookRelay.Storage.Sqlite;

/// <summary>
/// Export pages from SQLite. Two ranges, each walked by an index: events with a published time
/// (published_at), and the few without (received time). Each branch starts at the page's
/// position, not the window's start, so page n costs the same as page 1.
/// </summary>
internal sealed class SqliteEventExport(SqliteDatabase database) : IEventExport
{
    public long Count(ExportQuery query)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM events
                    WHERE published_at >= $since AND published_at < $until AND ($type IS NULL OR event_type GLOB $type))
                 + (SELECT count(*) FROM events
                    WHERE published_at IS NULL AND received_at >= $since AND received_at < $until AND ($type IS NULL OR event_type GLOB $type));
            """;
        Bind(command, query, ExportPosition.Start, 0);
        return (long)command.ExecuteScalar()!;
    }

    public IReadOnlyList<ExportedEvent> ReadPage(ExportQuery query, ExportPosition after, int limit)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT * FROM (
                SELECT * FROM (
                    SELECT e.seq, e.uuid, e.hook, e.event_type, e.published, e.published_at AS time, e.received_at, e.provenance,
                           substr(d.body, e.json_offset + 1, e.json_length)
                    FROM events e JOIN deliveries d ON d.id = e.delivery_id
                    WHERE e.published_at >= $from AND e.published_at < $until
                      AND (e.published_at > $time OR e.seq > $seq)
                      AND ($type IS NULL OR e.event_type GLOB $type)
                    ORDER BY e.published_at, e.seq
                    LIMIT $limit)
                UNION ALL
                SELECT * FROM (
                    SELECT e.seq, e.uuid, e.hook, e.event_type, e.published, e.received_at AS time, e.received_at, e.provenance,
                           substr(d.body, e.json_offset + 1, e.json_length)
                    FROM events e JOIN deliveries d ON d.id = e.delivery_id
                    WHERE e.published_at IS NULL AND e.received_at >= $from AND e.received_at < $until
                      AND (e.received_at > $time OR e.seq > $seq)
                      AND ($type IS NULL OR e.event_type GLOB $type)
                    ORDER BY e.received_at, e.seq
                    LIMIT $limit))
            ORDER BY time, seq
            LIMIT $limit;
            """;
        Bind(command, query, after, limit);
        return StoreRows.ReadAll(command, ExportedEvent.FromRow, limit);
    }

    private static void Bind(Microsoft.Data.Sqlite.SqliteCommand command, ExportQuery query, ExportPosition after, int limit)
    {
        var since = query.Since.ToUnixTimeMilliseconds();
        command.Parameters.AddWithValue("$since", since);
        // The range starts at the last event written: "> time OR > seq" then only skips its ties.
        command.Parameters.AddWithValue("$from", Math.Max(since, after.Time));
        command.Parameters.AddWithValue("$until", query.Until.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$time", after.Time);
        command.Parameters.AddWithValue("$seq", after.Seq);
        command.Parameters.AddWithValue("$type", (object?)query.TypeGlob ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
    }
}

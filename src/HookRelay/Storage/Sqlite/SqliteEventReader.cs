using HookRelay.Sinks;

namespace HookRelay.Storage.Sqlite;

/// <summary>Read-only queries over stored events; opens its own connection so it never blocks ingest.</summary>
internal sealed class SqliteEventReader(SqliteDatabase database) : IEventReader
{
    public IReadOnlyList<StoredEventSummary> List(EventQuery query)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT uuid, uuid_derived, hook, event_type, published, received_at
            FROM events
            WHERE ($type IS NULL OR event_type GLOB $type)
              AND ($since IS NULL OR COALESCE(published_at, received_at) >= $since)
              AND ($until IS NULL OR COALESCE(published_at, received_at) < $until)
            ORDER BY COALESCE(published_at, received_at) DESC, seq DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$type", (object?)query.TypeGlob ?? DBNull.Value);
        command.Parameters.AddWithValue("$since", (object?)query.Since?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$until", (object?)query.Until?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit);
        return StoreRows.ReadAll(command, StoreRows.Summary);
    }

    public StoredEvent? Find(string uuid)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT uuid, uuid_derived, hook, event_type, published, received_at, json, envelope_event_id
            FROM event_documents
            WHERE uuid = $uuid;
            """;
        command.Parameters.AddWithValue("$uuid", uuid);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new StoredEvent(StoreRows.Summary(reader), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    public EventSearchPage Search(EventSearch search)
    {
        using var connection = database.OpenForQueries();
        return SqliteEventSearch.Search(connection, search);
    }

    public EventDetail? Detail(string uuid)
    {
        using var connection = database.OpenForQueries();
        return SqliteEventSearch.Detail(connection, uuid);
    }

    /// <summary>The events of claimed work items, with their JSON bytes exactly as received.</summary>
    public IReadOnlyList<SinkEvent> ReadForDispatch(IReadOnlyCollection<long> seqs)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.seq, e.uuid, e.hook, e.event_type, e.published_at, e.received_at, substr(d.body, e.json_offset + 1, e.json_length)
            FROM events e JOIN deliveries d ON d.id = e.delivery_id
            WHERE e.seq IN (SELECT value FROM json_each($seqs));
            """;
        command.Parameters.AddWithValue("$seqs", "[" + string.Join(',', seqs) + "]");
        return StoreRows.ReadAll(command, StoreRows.SinkEvent, seqs.Count);
    }

    public IReadOnlyList<string> Missing(IReadOnlyCollection<string> uuids)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT j.value FROM json_each($uuids) j WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.uuid = j.value);";
        command.Parameters.AddWithValue("$uuids", System.Text.Json.JsonSerializer.Serialize(uuids, StorageJsonContext.Default.IReadOnlyCollectionString));
        return StoreRows.ReadAll(command, reader => reader.GetString(0));
    }
}

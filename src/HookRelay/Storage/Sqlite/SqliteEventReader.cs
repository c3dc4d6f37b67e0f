using HookRelay.Sinks;

namespace HookRelay.Storage.Sqlite;

/// <summary>Read-only queries over stored events; opens its own connection so it never blocks ingest.</summary>
internal sealed class SqliteEventReader(SqliteDatabase database) : IEventReader
{
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

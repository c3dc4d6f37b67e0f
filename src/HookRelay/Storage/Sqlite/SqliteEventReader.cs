using HookRelay.Sinks;
using Microsoft.Data.Sqlite;

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
        using var reader = command.ExecuteReader();
        var events = new List<StoredEventSummary>();
        while (reader.Read())
        {
            events.Add(ReadSummary(reader));
        }

        return events;
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

        return new StoredEvent(ReadSummary(reader), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
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
        using var reader = command.ExecuteReader();
        var events = new List<SinkEvent>(seqs.Count);
        while (reader.Read())
        {
            events.Add(new SinkEvent(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.GetFieldValue<byte[]>(6)));
        }

        return events;
    }

    public IReadOnlyList<string> Missing(IReadOnlyCollection<string> uuids)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT j.value FROM json_each($uuids) j WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.uuid = j.value);";
        command.Parameters.AddWithValue("$uuids", System.Text.Json.JsonSerializer.Serialize(uuids, StorageJsonContext.Default.IReadOnlyCollectionString));
        using var reader = command.ExecuteReader();
        var missing = new List<string>();
        while (reader.Read())
        {
            missing.Add(reader.GetString(0));
        }

        return missing;
    }

    /// <summary>Columns 0-5: uuid, uuid_derived, hook, event_type, published, received_at.</summary>
    private static StoredEventSummary ReadSummary(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1) != 0,
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));
}

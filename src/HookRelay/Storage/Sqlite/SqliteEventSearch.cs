using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

/// <summary>The admin API's event search and event detail on SQLite.</summary>
internal static class SqliteEventSearch
{
    public static EventSearchPage Search(SqliteConnection connection, EventSearch search)
    {
        using var command = connection.CreateCommand();
        return EventSearchSql.Search(command, search, Dialect.Instance);
    }

    public static EventDetail? Detail(SqliteConnection connection, string uuid)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT uuid, uuid_derived, hook, event_type, published, received_at, json, envelope_event_id, provenance, seq
            FROM event_documents
            WHERE uuid = $uuid;
            """;
        command.Set("$uuid", uuid);
        StoredEvent stored;
        Provenance provenance;
        long seq;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            stored = new StoredEvent(StoreRows.Summary(reader), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
            provenance = (Provenance)reader.GetInt32(8);
            seq = reader.GetInt64(9);
        }

        using var deliveries = connection.CreateCommand();
        deliveries.CommandText = """
            SELECT sink, state, attempts, last_error, next_attempt_at, done_at
            FROM dispatch
            WHERE event_seq = $seq
            ORDER BY sink;
            """;
        deliveries.Set("$seq", seq);
        return new EventDetail(stored, provenance, StoreRows.ReadAll(deliveries, StoreRows.SinkDelivery));
    }

    private sealed class Dialect : EventSearchDialect
    {
        public static readonly Dialect Instance = new();

        public override string TypeCondition => "e.event_type GLOB @type";

        // The first term alone is what lets SQLite seek in the index it walks (a row value would scan it).
        public override string After(string time, string seq) =>
            $"{time} <= @afterTime AND ({time} < @afterTime OR {seq} < @afterSeq)";

        public override string TypePattern(string glob) => glob;
    }
}

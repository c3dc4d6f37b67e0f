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
        return EventDetailSql.Read(command, reader => reader.GetString(6));
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

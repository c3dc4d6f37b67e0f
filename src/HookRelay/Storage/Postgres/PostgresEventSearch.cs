using System.Text;
using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>The admin API's event search and event detail on PostgreSQL.</summary>
internal static class PostgresEventSearch
{
    public static EventSearchPage Search(NpgsqlConnection connection, EventSearch search)
    {
        using var command = new NpgsqlCommand { Connection = connection };
        return EventSearchSql.Search(command, search, Dialect.Instance);
    }

    public static EventDetail? Detail(NpgsqlConnection connection, string uuid)
    {
        // The JSON leaves as bytes and is decoded here, as in PostgresEventReader.Find.
        using var command = new NpgsqlCommand("""
            SELECT e.uuid, e.uuid_derived, e.hook, e.event_type, e.published, e.received_at,
                   substring(d.body FROM e.json_offset + 1 FOR e.json_length), d.envelope_event_id, e.provenance, e.seq
            FROM events e JOIN deliveries d ON d.id = e.delivery_id
            WHERE e.uuid = @uuid;
            """, connection)
            .Set("uuid", uuid);
        return EventDetailSql.Read(command, reader => Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(6)));
    }

    private sealed class Dialect : EventSearchDialect
    {
        public static readonly Dialect Instance = new();

        public override string TypeCondition => "e.event_type LIKE @type";

        public override string After(string time, string seq) => $"({time}, {seq}) < (@afterTime, @afterSeq)";

        public override string TypePattern(string glob) => GlobPattern.ToLike(glob);

        public override string Text(string value) => PostgresText.Clean(value);
    }
}

using System.Text;
using HookRelay.Sinks;
using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>Read-only queries over stored events; takes a pooled connection of its own so it never waits on the writer.</summary>
internal sealed class PostgresEventReader(PostgresDatabase database) : IEventReader
{
    public StoredEvent? Find(string uuid) => database.Read(connection =>
    {
        // The JSON leaves as bytes and is decoded here, as SQLite's reader does: it does not
        // depend on the database's encoding (convert_from fails in a LATIN1 database on any
        // character LATIN1 lacks).
        using var command = new NpgsqlCommand("""
            SELECT e.uuid, e.uuid_derived, e.hook, e.event_type, e.published, e.received_at,
                   substring(d.body FROM e.json_offset + 1 FOR e.json_length), d.envelope_event_id
            FROM events e JOIN deliveries d ON d.id = e.delivery_id
            WHERE e.uuid = @uuid;
            """, connection)
            .Set("uuid", uuid);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var json = Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(6));
        return new StoredEvent(StoreRows.Summary(reader), json, reader.IsDBNull(7) ? null : reader.GetString(7));
    });

    public EventSearchPage Search(EventSearch search) => database.Read(connection => PostgresEventSearch.Search(connection, search));

    public EventDetail? Detail(string uuid) => database.Read(connection => PostgresEventSearch.Detail(connection, uuid));

    /// <summary>The events of claimed work items, with their JSON bytes exactly as received.</summary>
    public IReadOnlyList<SinkEvent> ReadForDispatch(IReadOnlyCollection<long> seqs) => database.Read(connection =>
    {
        using var command = new NpgsqlCommand("""
            SELECT e.seq, e.uuid, e.hook, e.event_type, e.published_at, e.received_at, substring(d.body FROM e.json_offset + 1 FOR e.json_length)
            FROM events e JOIN deliveries d ON d.id = e.delivery_id
            WHERE e.seq = ANY(@seqs)
            ORDER BY e.seq;
            """, connection)
            .Set("seqs", seqs as long[] ?? [.. seqs]);
        return StoreRows.ReadAll(command, StoreRows.SinkEvent, seqs.Count);
    });

    public IReadOnlyList<string> Missing(IReadOnlyCollection<string> uuids) => database.Read(connection =>
    {
        // WITH ORDINALITY keeps the order given, as the interface promises.
        using var command = new NpgsqlCommand("""
            SELECT j.uuid FROM unnest(@uuids::text[]) WITH ORDINALITY AS j(uuid, n)
            WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.uuid = j.uuid)
            ORDER BY j.n;
            """, connection)
            .Set("uuids", uuids as string[] ?? [.. uuids]);
        return StoreRows.ReadAll(command, reader => reader.GetString(0));
    });
}

/// <summary>Event type globs (<c>user.lifecycle.*</c>) as PostgreSQL LIKE patterns.</summary>
internal static class GlobPattern
{
    /// <summary>
    /// SQLite's GLOB <c>*</c> (any run) and <c>?</c> (one character) as LIKE's <c>%</c> and <c>_</c>;
    /// LIKE's own <c>%</c>, <c>_</c> and <c>\</c> are escaped with <c>\</c> (LIKE's default escape)
    /// so they match themselves, as they do in a glob. Both are case-sensitive.
    /// </summary>
    public static string ToLike(string glob)
    {
        var like = new StringBuilder(glob.Length + 8);
        foreach (var c in glob)
        {
            switch (c)
            {
                case '\\' or '%' or '_':
                    like.Append('\\').Append(c);
                    break;
                case '*':
                    like.Append('%');
                    break;
                case '?':
                    like.Append('_');
                    break;
                default:
                    like.Append(c);
                    break;
            }
        }

        return like.ToString();
    }
}

/// <summary>How the PostgreSQL readers run a query.</summary>
internal static class PostgresReads
{
    /// <summary>
    /// Runs <paramref name="query"/> on a pooled connection; a server that fails or goes away
    /// mid-query surfaces as <see cref="StoreUnavailableException"/> naming the database, which
    /// the CLI prints.
    /// </summary>
    public static T Read<T>(this PostgresDatabase database, Func<NpgsqlConnection, T> query)
    {
        try
        {
            using var connection = database.OpenForQueries();
            return query(connection);
        }
        catch (NpgsqlException ex)
        {
            throw new StoreUnavailableException($"Cannot read from the {database.Description}: {ex.Message}", ex);
        }
    }
}

using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// Export pages from PostgreSQL, the same two index ranges as SQLite's: events with a published
/// time, and those without (received time), each starting at the page's position.
/// </summary>
internal sealed class PostgresEventExport(PostgresDatabase database) : IEventExport
{
    public long Count(ExportQuery query) => database.Read(connection =>
    {
        using var command = Bind(new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM events
                    WHERE published_at >= @since AND published_at < @until AND (@type::text IS NULL OR event_type LIKE @type))
                 + (SELECT count(*) FROM events
                    WHERE published_at IS NULL AND received_at >= @since AND received_at < @until AND (@type::text IS NULL OR event_type LIKE @type));
            """, connection), query, ExportPosition.Start, 0);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    });

    public IReadOnlyList<ExportedEvent> ReadPage(ExportQuery query, ExportPosition after, int limit) => database.Read(connection =>
    {
        using var command = Bind(new NpgsqlCommand("""
            SELECT * FROM (
                (SELECT e.seq, e.uuid, e.hook, e.event_type, e.published, e.published_at AS time, e.received_at, e.provenance,
                        substring(d.body FROM e.json_offset + 1 FOR e.json_length)
                 FROM events e JOIN deliveries d ON d.id = e.delivery_id
                 WHERE e.published_at >= @from AND e.published_at < @until
                   AND (e.published_at > @time OR e.seq > @seq)
                   AND (@type::text IS NULL OR e.event_type LIKE @type)
                 ORDER BY e.published_at, e.seq
                 LIMIT @limit)
                UNION ALL
                (SELECT e.seq, e.uuid, e.hook, e.event_type, e.published, e.received_at AS time, e.received_at, e.provenance,
                        substring(d.body FROM e.json_offset + 1 FOR e.json_length)
                 FROM events e JOIN deliveries d ON d.id = e.delivery_id
                 WHERE e.published_at IS NULL AND e.received_at >= @from AND e.received_at < @until
                   AND (e.received_at > @time OR e.seq > @seq)
                   AND (@type::text IS NULL OR e.event_type LIKE @type)
                 ORDER BY e.received_at, e.seq
                 LIMIT @limit)) page
            ORDER BY time, seq
            LIMIT @limit;
            """, connection), query, after, limit);
        return StoreRows.ReadAll(command, ExportedEvent.FromRow, limit);
    });

    private static NpgsqlCommand Bind(NpgsqlCommand command, ExportQuery query, ExportPosition after, int limit)
    {
        var since = query.Since.ToUnixTimeMilliseconds();
        // The range starts at the last event written: "> time OR > seq" then only skips its ties.
        return command
            .Set("since", since)
            .Set("from", Math.Max(since, after.Time))
            .Set("until", query.Until.ToUnixTimeMilliseconds())
            .Set("time", after.Time)
            .Set("seq", after.Seq)
            .Set("type", query.TypeGlob is { } glob ? GlobPattern.ToLike(glob) : null)
            .Set("limit", limit);
    }
}

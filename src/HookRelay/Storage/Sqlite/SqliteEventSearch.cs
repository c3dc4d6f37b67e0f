using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

/// <summary>The admin API's event search and event detail on SQLite.</summary>
internal static class SqliteEventSearch
{
    // The event's JSON is read from its delivery's body only when a filter looks inside it.
    private const string Document = "CAST(substr(d.body, e.json_offset + 1, e.json_length) AS TEXT)";

    public static EventSearchPage Search(SqliteConnection connection, EventSearch search)
    {
        using var command = connection.CreateCommand();
        var conditions = new List<string>();
        if (search.TypeGlob is not null)
        {
            conditions.Add("e.event_type GLOB $type");
            command.Set("$type", search.TypeGlob);
        }

        if (search.Hook is not null)
        {
            conditions.Add("e.hook = $hook");
            command.Set("$hook", search.Hook);
        }

        if (search.Provenance is { } provenance)
        {
            conditions.Add("e.provenance = $provenance");
            command.Set("$provenance", (int)provenance);
        }

        if (search.Since is { } since)
        {
            conditions.Add("COALESCE(e.published_at, e.received_at) >= $since");
            command.Set("$since", since.ToUnixTimeMilliseconds());
        }

        if (search.Until is { } until)
        {
            conditions.Add("COALESCE(e.published_at, e.received_at) < $until");
            command.Set("$until", until.ToUnixTimeMilliseconds());
        }

        if (search.After is { } after)
        {
            // The first term alone is what lets SQLite seek in ix_events_order (a row value would scan it).
            conditions.Add("COALESCE(e.published_at, e.received_at) <= $afterTime AND (COALESCE(e.published_at, e.received_at) < $afterTime OR e.seq < $afterSeq)");
            command.Set("$afterTime", after.Time).Set("$afterSeq", after.Seq);
        }

        if (search.Actor is not null)
        {
            conditions.Add($"$actor IN (json_extract({Document}, '$.actor.alternateId'), json_extract({Document}, '$.actor.id'))");
            command.Set("$actor", search.Actor);
        }

        if (search.Target is not null)
        {
            // fullkey addresses each target inside the document; a target that is not an object gives NULL, not an error.
            conditions.Add($"""
                EXISTS (SELECT 1 FROM json_each({Document}, '$.target') t
                        WHERE $target IN (json_extract({Document}, t.fullkey || '.alternateId'), json_extract({Document}, t.fullkey || '.id')))
                """);
            command.Set("$target", search.Target);
        }

        var join = search.Actor is null && search.Target is null ? string.Empty : "JOIN deliveries d ON d.id = e.delivery_id";
        var where = conditions.Count == 0 ? string.Empty : "WHERE " + string.Join("\n  AND ", conditions);
        command.CommandText = $"""
            SELECT e.uuid, e.uuid_derived, e.hook, e.event_type, e.published, e.received_at, e.provenance, e.seq,
                   COALESCE(e.published_at, e.received_at) AS sort_time
            FROM events e {join}
            {where}
            ORDER BY sort_time DESC, e.seq DESC
            LIMIT $limit;
            """;
        command.Set("$limit", search.Limit + 1);
        return EventPages.From(StoreRows.ReadAll(command, StoreRows.Listing, search.Limit + 1), search.Limit);
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
}

using System.Text;
using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>The admin API's event search and event detail on PostgreSQL.</summary>
internal static class PostgresEventSearch
{
    public static EventSearchPage Search(NpgsqlConnection connection, EventSearch search)
    {
        using var command = new NpgsqlCommand { Connection = connection };
        var conditions = new List<string>();
        if (search.TypeGlob is not null)
        {
            conditions.Add("e.event_type LIKE @type");
            command.Set("type", GlobPattern.ToLike(search.TypeGlob));
        }

        if (search.Hook is not null)
        {
            conditions.Add("e.hook = @hook");
            command.Set("hook", search.Hook);
        }

        if (search.Provenance is { } provenance)
        {
            conditions.Add("e.provenance = @provenance");
            command.Set("provenance", (short)provenance);
        }

        if (search.Since is { } since)
        {
            conditions.Add("COALESCE(e.published_at, e.received_at) >= @since");
            command.Set("since", since.ToUnixTimeMilliseconds());
        }

        if (search.Until is { } until)
        {
            conditions.Add("COALESCE(e.published_at, e.received_at) < @until");
            command.Set("until", until.ToUnixTimeMilliseconds());
        }

        if (search.After is { } after)
        {
            conditions.Add("(COALESCE(e.published_at, e.received_at), e.seq) < (@afterTime, @afterSeq)");
            command.Set("afterTime", after.Time).Set("afterSeq", after.Seq);
        }

        if (search.Actor is not null)
        {
            conditions.Add("@actor IN (j.doc->'actor'->>'alternateId', j.doc->'actor'->>'id')");
            command.Set("actor", search.Actor);
        }

        if (search.Target is not null)
        {
            // json, not jsonb: it parses any text Okta sent (jsonb refuses \u0000), and its
            // operators give NULL, not an error, where a field is not an object.
            conditions.Add("""
                EXISTS (SELECT 1 FROM json_array_elements(CASE WHEN json_typeof(j.doc->'target') = 'array' THEN j.doc->'target' END) t
                        WHERE @target IN (t->>'alternateId', t->>'id'))
                """);
            command.Set("target", search.Target);
        }

        var join = search.Actor is null && search.Target is null
            ? string.Empty
            : """
              JOIN deliveries d ON d.id = e.delivery_id
              CROSS JOIN LATERAL (SELECT convert_from(substring(d.body FROM e.json_offset + 1 FOR e.json_length), 'UTF8')::json AS doc) j
              """;
        var where = conditions.Count == 0 ? string.Empty : "WHERE " + string.Join("\n  AND ", conditions);
        command.CommandText = $"""
            SELECT e.uuid, e.uuid_derived, e.hook, e.event_type, e.published, e.received_at, e.provenance, e.seq,
                   COALESCE(e.published_at, e.received_at) AS sort_time
            FROM events e {join}
            {where}
            ORDER BY sort_time DESC, e.seq DESC
            LIMIT @limit;
            """;
        command.Set("limit", search.Limit + 1);
        return EventPages.From(StoreRows.ReadAll(command, StoreRows.Listing, search.Limit + 1), search.Limit);
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
        StoredEvent stored;
        Provenance provenance;
        long seq;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            var json = Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(6));
            stored = new StoredEvent(StoreRows.Summary(reader), json, reader.IsDBNull(7) ? null : reader.GetString(7));
            provenance = (Provenance)reader.GetInt16(8);
            seq = reader.GetInt64(9);
        }

        using var deliveries = new NpgsqlCommand("""
            SELECT sink, state, attempts, last_error, next_attempt_at, done_at
            FROM dispatch
            WHERE event_seq = @seq
            ORDER BY sink;
            """, connection)
            .Set("seq", seq);
        return new EventDetail(stored, provenance, StoreRows.ReadAll(deliveries, StoreRows.SinkDelivery));
    }
}

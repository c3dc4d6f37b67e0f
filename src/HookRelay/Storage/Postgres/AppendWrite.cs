using System.Runtime.InteropServices;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// Stores a delivery, its new events, one dispatch row per (new event, routed sink) and the ids
/// of each new event's actor and targets that the admin API searches by, in the same
/// transaction, as one statement. Idempotent across instances: an event another instance
/// stored first is a duplicate here, whichever commits first.
/// </summary>
internal sealed class AppendWrite(ReceivedDelivery delivery) : PostgresWrite<AppendResult>
{
    // Rows go in uuid order, so two instances storing overlapping events take their locks in
    // the same order (fewer deadlocks; the writer retries the rare one). A repeated envelope
    // eventId inserts no delivery, and so no events. An event repeated within the delivery is
    // stored as it first appears (ord), as on SQLite, and so are its parties. Events already
    // stored are looked up only when there are some (PostgreSQL runs a subquery in a CASE only
    // when its branch is taken): a plan made while the table was small scans it, and every
    // delivery paid for that scan, more as the table grew, until the table was next analyzed.
    private const string Append = """
        WITH delivery AS (
            INSERT INTO deliveries (hook, envelope_event_id, source, event_time, received_at, event_count, body)
            VALUES (@hook, @envelope, @source, @eventTime, @receivedAt, @count, @body)
            ON CONFLICT (envelope_event_id) WHERE envelope_event_id IS NOT NULL DO NOTHING
            RETURNING id),
        input AS (
            SELECT DISTINCT ON (uuid) *
            FROM unnest(@uuids::text[], @derived::boolean[], @types::text[], @published::text[], @publishedAt::bigint[], @offsets::integer[], @lengths::integer[])
                WITH ORDINALITY AS i(uuid, derived, event_type, published, published_at, json_offset, json_length, ord)
            ORDER BY uuid, ord),
        stored AS (
            INSERT INTO events (uuid, uuid_derived, hook, event_type, published, published_at, received_at, delivery_id, json_offset, json_length, provenance)
            SELECT i.uuid, i.derived, @hook, i.event_type, i.published, i.published_at, @receivedAt, d.id, i.json_offset, i.json_length, @provenance
            FROM input i CROSS JOIN delivery d ORDER BY i.uuid
            ON CONFLICT (uuid) DO NOTHING
            RETURNING seq, uuid, COALESCE(published_at, received_at) AS sort_time),
        queued AS (
            INSERT INTO dispatch (event_seq, sink, next_attempt_at, created_at)
            SELECT s.seq, r.sink, @now, @now
            FROM stored s JOIN unnest(@routeUuids::text[], @routeSinks::text[]) AS r(uuid, sink) ON r.uuid = s.uuid
            ON CONFLICT DO NOTHING),
        parties AS (
            INSERT INTO event_parties (role, value, sort_time, event_seq)
            SELECT p.role, p.value, s.sort_time, s.seq
            FROM stored s JOIN input i ON i.uuid = s.uuid
                JOIN unnest(@partyEvents::bigint[], @partyRoles::smallint[], @partyValues::text[]) AS p(ord, role, value) ON p.ord = i.ord
            ON CONFLICT DO NOTHING)
        SELECT (SELECT id FROM delivery), (SELECT COUNT(*)::integer FROM stored),
               CASE WHEN (SELECT COUNT(*) FROM stored) < (SELECT COUNT(*) FROM input)
                    THEN (SELECT COUNT(*)::integer FROM events e JOIN input i ON i.uuid = e.uuid WHERE e.provenance & @provenance = 0)
                    ELSE 0 END;
        """;

    // A known event seen again by the other path: remember that both paths had it. A statement
    // of its own, after the append, so it sees rows another instance committed while this one waited on them.
    private const string AddProvenance = """
        WITH marked AS (
            UPDATE events SET provenance = provenance | @provenance
            WHERE uuid = ANY(@uuids) AND provenance & @provenance = 0
            RETURNING 1)
        SELECT COUNT(*) FROM marked;
        """;

    public override void Prepare(PostgresWriteContext context)
    {
        var events = delivery.Events;
        var receivedAt = delivery.ReceivedAt.ToUnixTimeMilliseconds();
        var routes = events.SelectMany(e => e.Sinks.Select(sink => (e.Key, sink))).ToList();
        var parties = Parties(events);
        context.Add(this, Append)
            .Set("hook", delivery.Hook)
            .Set("envelope", delivery.EnvelopeEventId)
            .Set("source", delivery.Source)
            .Set("eventTime", delivery.EventTime)
            .Set("receivedAt", receivedAt)
            .Set("count", events.Count)
            .Set("body", AsArray(delivery.Body))
            .Set("uuids", events.Select(e => e.Key).ToArray())
            .Set("derived", events.Select(e => e.KeyIsDerived).ToArray())
            .Set("types", events.Select(e => e.EventType).ToArray())
            .Set("published", events.Select(e => e.Published).ToArray())
            .Set("publishedAt", events.Select(e => e.PublishedAt?.ToUnixTimeMilliseconds()).ToArray())
            .Set("offsets", events.Select(e => e.BodyOffset).ToArray())
            .Set("lengths", events.Select(e => e.Json.Length).ToArray())
            .Set("provenance", (short)delivery.Provenance)
            .Set("routeUuids", routes.Select(r => r.Key).ToArray())
            .Set("routeSinks", routes.Select(r => r.sink).ToArray())
            .Set("partyEvents", parties.Select(p => p.Ord).ToArray())
            .Set("partyRoles", parties.Select(p => (short)p.Role).ToArray())
            .Set("partyValues", parties.Select(p => p.Value).ToArray())
            .Set("now", context.NowMilliseconds);
    }

    protected override AppendResult Run(PostgresWriteContext context)
    {
        var row = context.Rows(this)[0];
        if (row[0] is null)
        {
            return AppendResult.DuplicateDelivery(delivery.Events.Count);
        }

        var stored = (int)row[1]!;
        if (stored < delivery.Events.Count)
        {
            context.Add(this, AddProvenance)
                .Set("uuids", delivery.Events.Select(e => e.Key).ToArray())
                .Set("provenance", (short)delivery.Provenance);
        }

        // Known only by the other path when this statement began (its snapshot): not a duplicate.
        var byOtherPath = (int)row[2]!;
        return new AppendResult(AppendOutcome.Stored, stored, delivery.Events.Count - stored - byOtherPath);
    }

    /// <summary>Each event's actor and target ids, by the event's ordinal in the delivery (from 1, as <c>WITH ORDINALITY</c> counts).</summary>
    private static List<(long Ord, PartyRole Role, string Value)> Parties(IReadOnlyList<ReceivedEvent> events)
    {
        var parties = new List<(long, PartyRole, string)>();
        for (var i = 0; i < events.Count; i++)
        {
            parties.AddRange(events[i].ActorIds.Select(id => (i + 1L, PartyRole.Actor, id)));
            parties.AddRange(events[i].TargetIds.Select(id => (i + 1L, PartyRole.Target, id)));
        }

        return parties;
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
}

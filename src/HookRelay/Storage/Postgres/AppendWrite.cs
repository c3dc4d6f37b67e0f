using System.Runtime.InteropServices;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// Stores a delivery, its new events and one dispatch row per (new event, routed sink) in the
/// same transaction. Idempotent across instances: an event another instance stored first is a
/// duplicate here, whichever commits first.
/// </summary>
internal sealed class AppendWrite(ReceivedDelivery delivery) : PostgresWrite<AppendResult>
{
    private const string InsertDelivery = """
        INSERT INTO deliveries (hook, envelope_event_id, source, event_time, received_at, event_count, body)
        VALUES (@hook, @envelope, @source, @eventTime, @receivedAt, @count, @body)
        ON CONFLICT (envelope_event_id) WHERE envelope_event_id IS NOT NULL DO NOTHING
        RETURNING id;
        """;

    // Rows go in uuid order, so two instances storing overlapping events take their locks in
    // the same order (fewer deadlocks; the writer retries the rare one).
    private const string InsertEvents = """
        WITH input AS (
            SELECT DISTINCT ON (uuid) *
            FROM unnest(@uuids::text[], @derived::boolean[], @types::text[], @published::text[], @publishedAt::bigint[], @offsets::integer[], @lengths::integer[])
                AS i(uuid, derived, event_type, published, published_at, json_offset, json_length)
            ORDER BY uuid),
        stored AS (
            INSERT INTO events (uuid, uuid_derived, hook, event_type, published, published_at, received_at, delivery_id, json_offset, json_length, provenance)
            SELECT uuid, derived, @hook, event_type, published, published_at, @receivedAt, @deliveryId, json_offset, json_length, @provenance
            FROM input ORDER BY uuid
            ON CONFLICT (uuid) DO NOTHING
            RETURNING seq, uuid),
        queued AS (
            INSERT INTO dispatch (event_seq, sink, next_attempt_at, created_at)
            SELECT s.seq, r.sink, @now, @now
            FROM stored s JOIN unnest(@routeUuids::text[], @routeSinks::text[]) AS r(uuid, sink) ON r.uuid = s.uuid
            ON CONFLICT DO NOTHING)
        SELECT COUNT(*)::integer FROM stored;
        """;

    // A known event seen again by the other path: remember that both paths had it. A statement
    // of its own, so it sees rows another instance committed while this one waited on them.
    private const string AddProvenance = """
        UPDATE events SET provenance = provenance | @provenance
        WHERE uuid = ANY(@uuids) AND provenance & @provenance = 0;
        """;

    protected override AppendResult Run(PostgresWriteContext context)
    {
        var receivedAt = delivery.ReceivedAt.ToUnixTimeMilliseconds();
        var deliveryId = context.Command(InsertDelivery)
            .Set("hook", delivery.Hook)
            .Set("envelope", delivery.EnvelopeEventId)
            .Set("source", delivery.Source)
            .Set("eventTime", delivery.EventTime)
            .Set("receivedAt", receivedAt)
            .Set("count", delivery.Events.Count)
            .Set("body", AsArray(delivery.Body))
            .ExecuteScalar();
        if (deliveryId is not long id)
        {
            return AppendResult.DuplicateDelivery(delivery.Events.Count);
        }

        if (delivery.Events.Count == 0)
        {
            return new AppendResult(AppendOutcome.Stored, 0, 0);
        }

        var events = delivery.Events;
        var uuids = events.Select(e => e.Key).ToArray();
        var routes = events.SelectMany(e => e.Sinks.Select(sink => (e.Key, sink))).ToList();
        var stored = (int)context.Command(InsertEvents)
            .Set("uuids", uuids)
            .Set("derived", events.Select(e => e.KeyIsDerived).ToArray())
            .Set("types", events.Select(e => e.EventType).ToArray())
            .Set("published", events.Select(e => e.Published).ToArray())
            .Set("publishedAt", events.Select(e => e.PublishedAt?.ToUnixTimeMilliseconds()).ToArray())
            .Set("offsets", events.Select(e => e.BodyOffset).ToArray())
            .Set("lengths", events.Select(e => e.Json.Length).ToArray())
            .Set("hook", delivery.Hook)
            .Set("receivedAt", receivedAt)
            .Set("deliveryId", id)
            .Set("provenance", (short)delivery.Provenance)
            .Set("routeUuids", routes.Select(r => r.Key).ToArray())
            .Set("routeSinks", routes.Select(r => r.sink).ToArray())
            .Set("now", context.NowMilliseconds)
            .ExecuteScalar()!;
        if (stored < events.Count)
        {
            context.Command(AddProvenance).Set("uuids", uuids).Set("provenance", (short)delivery.Provenance).ExecuteNonQuery();
        }

        return new AppendResult(AppendOutcome.Stored, stored, events.Count - stored);
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
}

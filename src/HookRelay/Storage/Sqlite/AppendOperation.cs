using System.Runtime.InteropServices;

namespace HookRelay.Storage.Sqlite;

/// <summary>
/// Stores a delivery, its new events, and one dispatch row per (new event, routed sink) — all in
/// the same transaction, so an acknowledged event is never without its pending deliveries — and
/// the ids of each new event's actor and targets that the admin API searches by.
/// </summary>
internal sealed class AppendOperation(ReceivedDelivery delivery) : StoreOperation<AppendResult>
{
    private const string InsertDelivery = """
        INSERT OR IGNORE INTO deliveries (hook, envelope_event_id, source, event_time, received_at, event_count, body)
        VALUES ($hook, $envelope, $source, $eventTime, $receivedAt, $count, $body)
        RETURNING id;
        """;

    private const string InsertEvent = """
        INSERT OR IGNORE INTO events (uuid, uuid_derived, hook, event_type, published, published_at, received_at, delivery_id, json_offset, json_length, provenance)
        VALUES ($uuid, $derived, $hook, $type, $published, $publishedAt, $receivedAt, $deliveryId, $offset, $length, $provenance)
        RETURNING seq;
        """;

    // A known event seen again by the other path: remember that both paths had it.
    private const string AddProvenance = "UPDATE events SET provenance = provenance | $provenance WHERE uuid = $uuid AND provenance & $provenance = 0;";

    private const string InsertDispatch = """
        INSERT OR IGNORE INTO dispatch (event_seq, sink, next_attempt_at, created_at)
        VALUES ($seq, $sink, $now, $now);
        """;

    public ReceivedDelivery Delivery { get; } = delivery;

    protected override AppendResult Run(SqliteWriteContext context)
    {
        var receivedAt = Delivery.ReceivedAt.ToUnixTimeMilliseconds();
        var deliveryId = context.Command(InsertDelivery)
            .Set("$hook", Delivery.Hook)
            .Set("$envelope", Delivery.EnvelopeEventId)
            .Set("$source", Delivery.Source)
            .Set("$eventTime", Delivery.EventTime)
            .Set("$receivedAt", receivedAt)
            .Set("$count", Delivery.Events.Count)
            .Set("$body", AsArray(Delivery.Body))
            .ExecuteScalar();
        if (deliveryId is not long id)
        {
            return AppendResult.DuplicateDelivery(Delivery.Events.Count);
        }

        var (stored, byOtherPath) = (0, 0);
        foreach (var received in Delivery.Events)
        {
            var seq = context.Command(InsertEvent)
                .Set("$uuid", received.Key)
                .Set("$derived", received.KeyIsDerived ? 1 : 0)
                .Set("$hook", Delivery.Hook)
                .Set("$type", received.EventType)
                .Set("$published", received.Published)
                .Set("$publishedAt", received.PublishedAt?.ToUnixTimeMilliseconds())
                .Set("$receivedAt", receivedAt)
                .Set("$deliveryId", id)
                .Set("$offset", received.BodyOffset)
                .Set("$length", received.Json.Length)
                .Set("$provenance", (int)Delivery.Provenance)
                .ExecuteScalar();
            if (seq is not long eventSeq)
            {
                byOtherPath += context.Command(AddProvenance).Set("$uuid", received.Key).Set("$provenance", (int)Delivery.Provenance).ExecuteNonQuery();
            }
            else
            {
                stored++;
                foreach (var sink in received.Sinks)
                {
                    context.Command(InsertDispatch).Set("$seq", eventSeq).Set("$sink", sink).Set("$now", context.NowMilliseconds).ExecuteNonQuery();
                }

                var sortTime = received.PublishedAt?.ToUnixTimeMilliseconds() ?? receivedAt;
                context.Parties.Insert(PartyRole.Actor, received.ActorIds, sortTime, eventSeq);
                context.Parties.Insert(PartyRole.Target, received.TargetIds, sortTime, eventSeq);
            }
        }

        return new AppendResult(AppendOutcome.Stored, stored, Delivery.Events.Count - stored - byOtherPath);
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
}

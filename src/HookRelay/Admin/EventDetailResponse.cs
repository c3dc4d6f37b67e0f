using HookRelay.Storage;

namespace HookRelay.Admin;

/// <summary>One event: <paramref name="Event"/> is its JSON exactly as stored; <paramref name="Deliveries"/> one per sink its routes chose.</summary>
internal sealed record EventDetailResponse(
    string Uuid,
    bool UuidDerived,
    string Hook,
    string? EventType,
    string? Published,
    DateTimeOffset ReceivedAt,
    string Provenance,
    string? EnvelopeEventId,
    RawJson Event,
    IReadOnlyList<SinkDeliveryItem> Deliveries)
{
    public static EventDetailResponse From(EventDetail detail)
    {
        var summary = detail.Event.Summary;
        return new(
            summary.Uuid,
            summary.UuidDerived,
            summary.Hook,
            summary.EventType,
            summary.Published,
            summary.ReceivedAt,
            ProvenanceNames.Name(detail.Provenance),
            detail.Event.EnvelopeEventId,
            new RawJson(detail.Event.Json),
            [.. detail.Deliveries.Select(SinkDeliveryItem.From)]);
    }
}

/// <summary>Where the event stands with one sink. <paramref name="State"/>: pending, delivered or dead.</summary>
internal sealed record SinkDeliveryItem(string Sink, string State, int Attempts, string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset? DoneAt)
{
    public static SinkDeliveryItem From(SinkDelivery delivery) => new(
        delivery.Sink,
        delivery.State switch
        {
            DispatchState.Delivered => "delivered",
            DispatchState.Dead => "dead",
            _ => "pending",
        },
        delivery.Attempts,
        delivery.LastError,
        delivery.State == DispatchState.Pending ? delivery.NextAttemptAt : null,
        delivery.DoneAt);
}

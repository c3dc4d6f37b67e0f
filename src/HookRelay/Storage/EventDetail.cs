namespace HookRelay.Storage;

/// <summary>One event with its JSON as sent, how HookRelay learned of it, and where its delivery to each sink stands.</summary>
internal sealed record EventDetail(StoredEvent Event, Provenance Provenance, IReadOnlyList<SinkDelivery> Deliveries);

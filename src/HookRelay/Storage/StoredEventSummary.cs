namespace HookRelay.Storage;

internal sealed record StoredEventSummary(
    string Uuid,
    bool UuidDerived,
    string Hook,
    string? EventType,
    string? Published,
    DateTimeOffset ReceivedAt);

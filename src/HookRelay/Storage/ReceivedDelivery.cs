namespace HookRelay.Storage;

/// <summary>One POST from Okta: the envelope fields, the raw body and its events.</summary>
internal sealed record ReceivedDelivery(
    string Hook,
    string? EnvelopeEventId,
    string? Source,
    string? EventTime,
    DateTimeOffset ReceivedAt,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<ReceivedEvent> Events);

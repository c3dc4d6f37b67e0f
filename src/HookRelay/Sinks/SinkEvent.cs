namespace HookRelay.Sinks;

/// <summary>One stored event on its way to a sink, with its JSON exactly as Okta sent it.</summary>
internal sealed record SinkEvent(
    long Seq,
    string Uuid,
    string Hook,
    string? EventType,
    DateTimeOffset? Published,
    DateTimeOffset ReceivedAt,
    ReadOnlyMemory<byte> Json);

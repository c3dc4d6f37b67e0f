namespace HookRelay.Storage;

/// <summary>One POST from Okta: the envelope fields, the raw body and its events.</summary>
internal sealed record ReceivedDelivery(
    string Hook,
    string? EnvelopeEventId,
    string? Source,
    string? EventTime,
    DateTimeOffset ReceivedAt,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<ReceivedEvent> Events)
{
    /// <summary>Push for Okta's deliveries; Pull for events read back from the System Log.</summary>
    public Provenance Provenance { get; init; } = Provenance.Push;
}

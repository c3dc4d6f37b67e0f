namespace HookRelay.Storage;

/// <summary>One System Log event from a delivery, kept exactly as Okta sent it.</summary>
/// <param name="Key">The event's <c>uuid</c>, or a key derived from its content when it has none.</param>
/// <param name="KeyIsDerived">True when the event carried no <c>uuid</c>.</param>
/// <param name="Published">The <c>published</c> value as sent, if any.</param>
/// <param name="PublishedAt">The <c>published</c> value when it parses as a timestamp.</param>
/// <param name="Json">The event's JSON bytes, a slice of the request body.</param>
/// <param name="BodyOffset">Where <paramref name="Json"/> starts in the request body.</param>
internal sealed record ReceivedEvent(
    string Key,
    bool KeyIsDerived,
    string? EventType,
    string? Published,
    DateTimeOffset? PublishedAt,
    ReadOnlyMemory<byte> Json,
    int BodyOffset)
{
    /// <summary>The sinks whose routes select this event; each gets a dispatch row when it is stored.</summary>
    public IReadOnlyList<string> Sinks { get; init; } = [];

    /// <summary>The actor's <c>alternateId</c> and <c>id</c>, each once: what the admin API's actor search matches.</summary>
    public IReadOnlyList<string> ActorIds { get; init; } = [];

    /// <summary>Every target's <c>alternateId</c> and <c>id</c>, each once: what the admin API's target search matches.</summary>
    public IReadOnlyList<string> TargetIds { get; init; } = [];
}

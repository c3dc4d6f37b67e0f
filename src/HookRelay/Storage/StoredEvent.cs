namespace HookRelay.Storage;

/// <summary>An event with its JSON exactly as Okta sent it.</summary>
internal sealed record StoredEvent(StoredEventSummary Summary, string Json, string? EnvelopeEventId);

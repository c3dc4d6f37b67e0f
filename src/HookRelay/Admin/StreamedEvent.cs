namespace HookRelay.Admin;

/// <summary>The data of one <c>event</c> on <c>/api/v1/stream</c>: the event's place and its JSON exactly as received.</summary>
internal sealed record StreamedEvent(string Uuid, string Hook, string? EventType, string? Published, DateTimeOffset ReceivedAt, RawJson Event);

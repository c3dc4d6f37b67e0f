namespace HookRelay.Admin;

/// <summary>The body of <c>POST /api/v1/replay</c>: the same selection as <c>hookrelay replay</c>.</summary>
/// <param name="Sink">The sink to deliver to again (required).</param>
/// <param name="Since">Published at or after: ISO-8601 or an age (2h).</param>
/// <param name="Until">Published before: ISO-8601 or an age (30m).</param>
/// <param name="Type">Event type glob, for example user.lifecycle.*.</param>
/// <param name="Uuid">One event.</param>
/// <param name="DeadLettersOnly">Only events that are dead letters for this sink.</param>
internal sealed record ReplayRequest(string? Sink, string? Since, string? Until, string? Type, string? Uuid, bool DeadLettersOnly);

namespace HookRelay.Simulator.Generation;

/// <summary>A generated System Log event: the LogEvent JSON and the fields the log indexes.</summary>
internal sealed record GeneratedEvent(string Uuid, string EventType, DateTimeOffset Published, string Json);

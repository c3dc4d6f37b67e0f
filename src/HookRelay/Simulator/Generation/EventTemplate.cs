namespace HookRelay.Simulator.Generation;

/// <summary>One event type of the mix: how often it happens and how its LogEvent looks.</summary>
internal sealed record EventTemplate(string EventType, int Weight, string DisplayMessage, string? LegacyEventType, EventShape Shape, string Severity = "INFO");

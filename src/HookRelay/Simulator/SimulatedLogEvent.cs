namespace HookRelay.Simulator;

/// <summary>An event in the simulated org's System Log, with the order Okta persisted it in.</summary>
internal sealed record SimulatedLogEvent(long Persisted, string Uuid, string EventType, DateTimeOffset Published, string Json);

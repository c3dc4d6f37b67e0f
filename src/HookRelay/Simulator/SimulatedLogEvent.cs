namespace HookRelay.Simulator;

/// <summary>
/// An event in the simulated org's System Log, with the order Okta persisted it in.
/// <paramref name="DuringOutage"/>: logged while the hooks were down, so no hook ever delivers it.
/// </summary>
internal sealed record SimulatedLogEvent(long Persisted, string Uuid, string EventType, DateTimeOffset Published, string Json, bool DuringOutage = false);

namespace HookRelay.Simulator.Generation;

/// <summary>A user of the simulated org, with the place and browser they usually sign in from.</summary>
internal sealed record SimulatedPerson(string Id, string Login, string DisplayName, SimulatedPlace Home, string UserAgent);

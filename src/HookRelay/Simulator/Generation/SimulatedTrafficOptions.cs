namespace HookRelay.Simulator.Generation;

/// <summary>The activity the simulated org generates on its own.</summary>
internal sealed class SimulatedTrafficOptions
{
    /// <summary>Events a second; 0 (the default) generates nothing, for tests that append their own.</summary>
    public double EventsPerSecond { get; set; }

    /// <summary>Stop generating after this many; null: until the org stops.</summary>
    public long? MaxEvents { get; set; }

    /// <summary>
    /// Events already in the System Log when the org starts and never delivered, as after an outage
    /// of the org's event hooks: published evenly over <see cref="BacklogSpan"/>, up to the start.
    /// </summary>
    public long Backlog { get; set; }

    public TimeSpan BacklogSpan { get; set; } = TimeSpan.FromMinutes(10);
}

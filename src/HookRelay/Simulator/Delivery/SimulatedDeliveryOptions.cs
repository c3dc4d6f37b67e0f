namespace HookRelay.Simulator.Delivery;

/// <summary>How the simulated org delivers: Okta's documented behaviour, plus faults to inject.</summary>
internal sealed class SimulatedDeliveryOptions
{
    /// <summary>Okta waits 3 seconds per attempt (REFERENCE.md §3).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Okta does not document the pause before its one retry.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often new System Log events are collected: events closer together share a request.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Okta documents no cap; this one keeps bodies reasonable.</summary>
    public int MaxBatchSize { get; set; } = 50;

    /// <summary>The fraction of events Okta silently never delivers (no failure event either).</summary>
    public double Drop { get; set; }

    /// <summary>The fraction of delivered requests sent a second time.</summary>
    public double Duplicate { get; set; }

    /// <summary>The fraction of requests held back and sent after the next one.</summary>
    public double Reorder { get; set; }

    /// <summary>Wait before each request; with <see cref="DelayMax"/> a random wait in [Delay, DelayMax].</summary>
    public TimeSpan Delay { get; set; }

    public TimeSpan? DelayMax { get; set; }
}

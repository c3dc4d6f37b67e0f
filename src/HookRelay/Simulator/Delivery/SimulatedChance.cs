namespace HookRelay.Simulator.Delivery;

/// <summary>Seeded dice for the fault knobs: the same seed makes the same decisions in the same order.</summary>
internal sealed class SimulatedChance(int seed)
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(seed);

    /// <summary>True with probability <paramref name="fraction"/>; draws nothing when it is 0 or 1.</summary>
    public bool Roll(double fraction)
    {
        if (fraction <= 0 || fraction >= 1)
        {
            return fraction >= 1;
        }

        lock (_gate)
        {
            return _random.NextDouble() < fraction;
        }
    }

    public TimeSpan Between(TimeSpan min, TimeSpan? max)
    {
        if (max is not { } upper || upper <= min)
        {
            return min;
        }

        lock (_gate)
        {
            return min + ((upper - min) * _random.NextDouble());
        }
    }

    /// <summary>A seed for a hook's own dice, stable across runs (string.GetHashCode is not).</summary>
    public static int Derive(int seed, string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return unchecked(seed * 31 + (int)hash);
    }
}

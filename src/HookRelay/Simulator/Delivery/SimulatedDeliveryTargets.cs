namespace HookRelay.Simulator.Delivery;

/// <summary>
/// The hooks the simulated org delivers to. The deliverer reads a snapshot on every pass, so a
/// hook added, changed or removed here (by a test, the CLI or the Event Hooks API) takes effect
/// for the events that follow.
/// </summary>
internal sealed class SimulatedDeliveryTargets
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DeliveryTarget> _targets = new(StringComparer.Ordinal);

    /// <summary>Adds the target, or replaces the one with the same id.</summary>
    public void Add(DeliveryTarget target)
    {
        lock (_gate)
        {
            _targets[target.Id] = target;
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            return _targets.Remove(id);
        }
    }

    public IReadOnlyList<DeliveryTarget> Snapshot()
    {
        lock (_gate)
        {
            return [.. _targets.Values.OrderBy(t => t.Id, StringComparer.Ordinal)];
        }
    }
}

using HookRelay.Hosting;
namespace HookRelay.Simulator.Delivery;

/// <summary>
/// Delivers to the hooks created through the simulated Event Hooks API, as Okta does: a hook is a
/// delivery target while it is ACTIVE and VERIFIED, and stops being one the moment it is not.
/// Targets added directly (<c>--deliver-to</c>, tests) are left alone.
/// </summary>
internal sealed class EventHookTargetSync(SimulatedEventHooks hooks, SimulatedDeliveryTargets targets, TimeProvider timeProvider) : HostedLoop
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);
    private readonly HashSet<string> _synced = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, timeProvider);
        do
        {
            Sync();
        }
        while (await timer.TickAsync(stoppingToken));
    }

    public void Sync()
    {
        var deliverable = hooks.Deliverable();
        foreach (var hook in deliverable)
        {
            targets.Add(new DeliveryTarget(
                hook.Id,
                hook.Name,
                hook.Uri,
                hook.AuthHeaderName ?? "Authorization",
                hook.AuthHeaderValue ?? string.Empty,
                hook.EventTypes.ToHashSet(StringComparer.Ordinal),
                hook.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)));
            _synced.Add(hook.Id);
        }

        foreach (var gone in _synced.Except(deliverable.Select(h => h.Id), StringComparer.Ordinal).ToList())
        {
            targets.Remove(gone);
            _synced.Remove(gone);
        }
    }
}

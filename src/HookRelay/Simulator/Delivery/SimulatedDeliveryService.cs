using HookRelay.Hosting;
using HookRelay.Simulator.Generation;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace HookRelay.Simulator.Delivery;

/// <summary>
/// Okta's delivery side: every batch window, the eligible events newly in the System Log go to
/// each hook that subscribes to them (less the ones <see cref="SimulatedDeliveryOptions.Drop"/>
/// loses); one <see cref="HookDeliverer"/> per hook sends them.
/// </summary>
internal sealed class SimulatedDeliveryService(
    IOptions<SimulatorOptions> options,
    SimulatedSystemLog log,
    SimulatedDeliveryTargets targets,
    SimulatedDeliveryStats stats,
    TimeProvider timeProvider,
    IServer server) : HostedLoop
{
    private readonly Dictionary<string, (HookDeliverer Deliverer, CancellationTokenSource Stop, Task Running)> _hooks = new(StringComparer.Ordinal);
    private readonly SimulatedChance _drops = new(options.Value.Seed);
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly List<(HookDeliverer Deliverer, CancellationTokenSource Stop, Task Running)> _removed = [];
    private string? _orgUrl;
    private long _cursor;

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Delivery.BatchWindow, timeProvider);
        try
        {
            do
            {
                Pump(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The org stops; the deliverers stop with the same token.
        }
        finally
        {
            var all = _hooks.Values.Concat(_removed).ToList();
            await Task.WhenAll(all.Select(h => h.Running));
            foreach (var hook in all)
            {
                hook.Stop.Dispose();
            }
        }
    }

    /// <summary>One pass: match the current hooks, then hand each new eligible event to its subscribers.</summary>
    private void Pump(CancellationToken stoppingToken)
    {
        var current = targets.Snapshot();
        Sync(current, stoppingToken);
        var (events, cursor) = log.Poll(_cursor, e => !e.DuringOutage && EligibleEventTypes.Contains(e.EventType), int.MaxValue);
        _cursor = cursor;
        foreach (var e in events)
        {
            foreach (var target in current.Where(t => t.Subscribes(e.EventType)))
            {
                if (_drops.Roll(options.Value.Delivery.Drop))
                {
                    stats.CountDropped();
                    continue;
                }

                _hooks[target.Id].Deliverer.Enqueue(e);
            }
        }
    }

    private void Sync(IReadOnlyList<DeliveryTarget> current, CancellationToken stoppingToken)
    {
        foreach (var gone in _hooks.Keys.Where(id => !current.Any(t => t.Id == id)).ToList())
        {
            _hooks[gone].Stop.Cancel();
            _removed.Add(_hooks[gone]);
            _hooks.Remove(gone);
        }

        foreach (var target in current)
        {
            if (_hooks.TryGetValue(target.Id, out var known))
            {
                known.Deliverer.Target = target;
                continue;
            }

            var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var deliverer = new HookDeliverer(target, options.Value.Delivery, log, stats, _http, timeProvider, OrgUrl, options.Value.Seed);
            _hooks[target.Id] = (deliverer, stop, Task.Run(() => deliverer.RunAsync(stop.Token), CancellationToken.None));
        }
    }

    /// <summary>The address the simulated org serves on: the <c>source</c> of every envelope.</summary>
    private string OrgUrl()
    {
        if (_orgUrl is null && server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address)
        {
            _orgUrl = address.TrimEnd('/');
        }

        return _orgUrl ?? "http://127.0.0.1";
    }
}

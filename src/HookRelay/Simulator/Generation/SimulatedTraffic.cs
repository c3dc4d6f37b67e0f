using HookRelay.Hosting;
using HookRelay.Simulator.Delivery;
using Microsoft.Extensions.Options;

namespace HookRelay.Simulator.Generation;

/// <summary>
/// The org's users and admins at work: generated events appended to the System Log at a steady
/// rate, after the backlog of an outage if one is configured. The log is the org's truth;
/// delivery reads it from there.
/// </summary>
internal sealed class SimulatedTraffic(IOptions<SimulatorOptions> options, SimulatedSystemLog log, SimulatedDeliveryStats stats, TimeProvider timeProvider) : HostedLoop
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private readonly SimulatedEventGenerator _generator = new(options.Value.Seed);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the host starts delivering and serving: the backlog is there from the first request.
        WriteBacklog(options.Value.Traffic);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var traffic = options.Value.Traffic;
        if (traffic.EventsPerSecond <= 0)
        {
            return;
        }

        var started = timeProvider.GetTimestamp();
        long produced = 0;
        using var timer = new PeriodicTimer(Tick, timeProvider);
        try
        {
            while (produced < (traffic.MaxEvents ?? long.MaxValue) && await timer.WaitForNextTickAsync(stoppingToken))
            {
                // As many as the rate allows by now, so slow ticks do not lower the rate.
                var due = (long)(timeProvider.GetElapsedTime(started).TotalSeconds * traffic.EventsPerSecond) + 1;
                for (; produced < Math.Min(due, traffic.MaxEvents ?? long.MaxValue); produced++)
                {
                    var e = _generator.Next(timeProvider.GetUtcNow());
                    log.AppendDocument(e.Uuid, e.EventType, e.Published, e.Json);
                    stats.CountGenerated();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The org stops.
        }
    }

    /// <summary>The events of an outage that just ended: published evenly over the span up to now, delivered to no hook.</summary>
    private void WriteBacklog(SimulatedTrafficOptions traffic)
    {
        var end = timeProvider.GetUtcNow();
        var start = end - traffic.BacklogSpan;
        for (long i = 0; i < traffic.Backlog; i++)
        {
            var e = _generator.Next(start + TimeSpan.FromTicks((long)((Int128)traffic.BacklogSpan.Ticks * i / traffic.Backlog)));
            log.AppendDocument(e.Uuid, e.EventType, e.Published, e.Json, duringOutage: true);
        }
    }
}

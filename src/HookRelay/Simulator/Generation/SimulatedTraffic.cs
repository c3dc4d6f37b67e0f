using HookRelay.Hosting;
using HookRelay.Simulator.Delivery;
using Microsoft.Extensions.Options;

namespace HookRelay.Simulator.Generation;

/// <summary>
/// The org's users and admins at work: generated events appended to the System Log at a steady
/// rate. The log is the org's truth; delivery reads it from there.
/// </summary>
internal sealed class SimulatedTraffic(IOptions<SimulatorOptions> options, SimulatedSystemLog log, SimulatedDeliveryStats stats, TimeProvider timeProvider) : HostedLoop
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var traffic = options.Value.Traffic;
        if (traffic.EventsPerSecond <= 0)
        {
            return;
        }

        var generator = new SimulatedEventGenerator(options.Value.Seed);
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
                    var e = generator.Next(timeProvider.GetUtcNow());
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
}

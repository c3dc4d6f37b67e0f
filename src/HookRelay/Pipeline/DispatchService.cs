using HookRelay.Storage;

namespace HookRelay.Pipeline;

/// <summary>Runs one <see cref="SinkWorker"/> per configured sink for the life of the server.</summary>
internal sealed class DispatchService(SinkWorkers workers, IDispatchQueue queue) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // This process owns the SQLite store: leases left by an earlier run (a crash) are void.
        await queue.ReleaseLeasesAsync(stoppingToken);
        await Task.WhenAll(workers.All.Select(w => w.RunAsync(stoppingToken)));
    }
}

using HookRelay.Hosting;
namespace HookRelay.Pipeline;

/// <summary>Runs one <see cref="SinkWorker"/> per configured sink for the life of the server.</summary>
internal sealed class DispatchService(SinkWorkers workers) : HostedLoop
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(workers.All.Select(w => w.RunAsync(stoppingToken)));
}

using HookRelay.Storage;

namespace HookRelay.Hosting;

/// <summary>Opens the store before Kestrel listens, so a bad data folder stops the start instead of 503-ing Okta.</summary>
internal sealed class StoreStartupCheck(IEventStore store, DataDirectory dataDirectory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var health = await store.CheckWritableAsync(cancellationToken);
        if (!health.IsWritable)
        {
            throw new StartupConfigurationException(
                $"DataDir: the store at {dataDirectory.DatabasePath} cannot be written ({health.Description}). " +
                "Pass --data-dir with a writable folder on a disk with free space.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

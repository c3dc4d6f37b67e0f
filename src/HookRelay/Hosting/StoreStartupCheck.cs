using HookRelay.Storage;
using Microsoft.Extensions.Options;

namespace HookRelay.Hosting;

/// <summary>Opens the store before Kestrel listens, so a bad data folder or database stops the start instead of 503-ing Okta.</summary>
internal sealed class StoreStartupCheck(IEventStore store, DataDirectory dataDirectory, IOptions<StorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var health = await store.CheckWritableAsync(cancellationToken);
        if (health.IsWritable)
        {
            return;
        }

        throw new StartupConfigurationException(options.Value.IsPostgres
            ? $"Storage:ConnectionString: the PostgreSQL store at {Where(options.Value.ConnectionString)} cannot be written ({health.Description}). " +
              "Check that PostgreSQL is running and reachable from here, and that the user may create tables in the database."
            : $"DataDir: the store at {dataDirectory.DatabasePath} cannot be written ({health.Description}). " +
              "Pass --data-dir with a writable folder on a disk with free space.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Host, port and database from the connection string; never the password.</summary>
    private static string Where(string? connectionString)
    {
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"{settings.Host}:{settings.Port}, database '{settings.Database}'";
    }
}

using HookRelay.Storage;
using Microsoft.Extensions.Options;

namespace HookRelay.Cli.Doctor;

/// <summary>Opens the store the server would open and writes its probe row, as the server does before it listens.</summary>
internal static class StoreChecks
{
    public const string Name = "store";

    public static async Task<DoctorCheck> CheckAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var where = options.IsPostgres
            ? Where(options.ConnectionString)
            : $"SQLite file {services.GetRequiredService<DataDirectory>().DatabasePath}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        StoreHealth health;
        try
        {
            health = await services.GetRequiredService<IEventStore>().CheckWritableAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or System.Data.Common.DbException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            health = new StoreHealth(false, ex is OperationCanceledException ? "no answer within 15 s" : ex.Message);
        }

        if (health.IsWritable)
        {
            return DoctorCheck.Ok(Name, $"{where} opens and takes a write");
        }

        return DoctorCheck.Fail(Name, $"{where} cannot be written ({health.Description})", options.IsPostgres
            ? "check that PostgreSQL is running and reachable from here and that Storage:ConnectionString's user may create tables in the database"
            : "pass --data-dir (setting DataDir) with a folder this user may write, on a disk with free space");
    }

    /// <summary>Host, port and database from the connection string; never the password.</summary>
    private static string Where(string? connectionString)
    {
        try
        {
            var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL database '{settings.Database}' on {settings.Host}:{settings.Port}";
        }
        catch (ArgumentException)
        {
            // The configuration check reports the setting itself; here it only names the store.
            return "PostgreSQL (Storage:ConnectionString does not parse)";
        }
    }
}

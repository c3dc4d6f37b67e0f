using HookRelay.Hooks;
using HookRelay.Hosting;
using HookRelay.Storage;
using HookRelay.Storage.Postgres;
using HookRelay.Storage.Sqlite;

namespace HookRelay.Cli;

/// <summary>The store as CLI commands see it: readers and the dispatch admin, whatever the provider.</summary>
internal sealed record CliStore(IEventReader Events, IOktaStatusReader Okta, IDispatchAdmin Dispatch, IEventExport Export)
{
    /// <summary>Opens the store the server's configuration names; the one place the CLI knows the provider.</summary>
    public static CliStore Open(IConfiguration configuration)
    {
        if (Settings(configuration) is { IsPostgres: true } postgres)
        {
            var database = OpenPostgres(postgres);
            return new CliStore(new PostgresEventReader(database), new PostgresOktaStatusReader(database), new PostgresDispatchAdmin(database, TimeProvider.System), new PostgresEventExport(database));
        }

        // The CLI waits longer than the server for a busy database: no Okta deadline behind it.
        var file = new SqliteDatabase(DataDirectory.FromConfiguration(configuration), busyTimeoutSeconds: 5);
        return new CliStore(new SqliteEventReader(file), new SqliteOktaStatusReader(file), new SqliteDispatchAdmin(file, TimeProvider.System), new SqliteEventExport(file));
    }

    /// <summary>Creates or upgrades the store's tables; returns where the store is and the schema versions applied.</summary>
    public static (string Store, IReadOnlyList<int> Applied) Migrate(IConfiguration configuration)
    {
        if (Settings(configuration) is { IsPostgres: true } postgres)
        {
            var database = OpenPostgres(postgres);
            using var connection = database.OpenForQueries();
            return (database.Description, PostgresDatabase.Migrate(connection));
        }

        var file = new SqliteDatabase(DataDirectory.FromConfiguration(configuration), busyTimeoutSeconds: 5);
        using var sqlite = file.OpenReadWrite();
        return ($"SQLite file {file.Path}", SqliteDatabase.Migrate(sqlite));
    }

    /// <summary>Where the server keeps generated hook secrets, so the CLI sees the same ones.</summary>
    public static IGeneratedSecretKeeper SecretKeeper(IConfiguration configuration) =>
        Settings(configuration) is { IsPostgres: true } postgres
            ? new PostgresSecretKeeper(OpenPostgres(postgres), TimeProvider.System)
            : new FileSecretKeeper(DataDirectory.FromConfiguration(configuration));

    private static StorageOptions Settings(IConfiguration configuration) =>
        configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();

    private static PostgresDatabase OpenPostgres(StorageOptions settings) =>
        string.IsNullOrWhiteSpace(settings.ConnectionString)
            ? throw new StartupConfigurationException("Storage:ConnectionString must be set when Storage:Provider is 'postgres'.")
            : new PostgresDatabase(settings.ConnectionString, "hookrelay cli");
}

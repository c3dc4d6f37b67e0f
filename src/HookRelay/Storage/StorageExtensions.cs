using HookRelay.Hooks;
using HookRelay.Storage.Postgres;
using HookRelay.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HookRelay.Storage;

internal static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .Validate(o => o.IsPostgres || string.Equals(o.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase),
                "Storage:Provider must be 'sqlite' (the default, one server) or 'postgres' (several servers on one database).")
            .Validate(o => !o.IsPostgres || IsValidConnectionString(o.ConnectionString),
                "Storage:ConnectionString must be set to an Npgsql connection string when Storage:Provider is 'postgres', " +
                "for example 'Host=db.internal;Database=hookrelay;Username=hookrelay;Password=…'.")
            .Validate(o => o.BusyTimeoutSeconds is >= 1 and <= 60,
                "Storage:BusyTimeoutSeconds must be between 1 and 60 (Okta waits 3 s); remove it for the default of 2.")
            .Validate(o => o.MaxDeliveriesPerCommit is >= 1 and <= 10_000,
                "Storage:MaxDeliveriesPerCommit must be between 1 and 10000; remove it for the default of 256.")
            .Validate(o => o.KeepsForever || (o.Retention >= TimeSpan.FromDays(1) && o.Retention <= TimeSpan.FromDays(3650)),
                "Storage:Retention must be between 1.00:00:00 (1 day) and 3650.00:00:00 (10 years), or 00:00:00 to keep every event forever; " +
                "remove it for the default of 90.00:00:00 (90 days, as long as Okta keeps its System Log).")
            .ValidateOnStart();
        services.AddSingleton(DataDirectory.FromConfiguration(configuration));
        services.AddHostedService<RetentionService>();
        var provider = configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"];
        return string.Equals(provider, StorageOptions.Postgres, StringComparison.OrdinalIgnoreCase)
            ? services.AddPostgresStore()
            : services.AddSqliteStore();
    }

    private static IServiceCollection AddSqliteStore(this IServiceCollection services)
    {
        services.AddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<DataDirectory>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.BusyTimeoutSeconds));
        services.AddSingleton<SqliteEventStore>();
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IDispatchQueue>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IOktaStateStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IEventReader, SqliteEventReader>();
        services.AddSingleton<IOktaStatusReader, SqliteOktaStatusReader>();
        services.AddSingleton<IOverviewReader, SqliteOverviewReader>();
        services.AddSingleton<IDispatchAdmin, SqliteDispatchAdmin>();
        services.AddSingleton<ISingletonLocks, ProcessSingletonLocks>();
        services.AddSingleton<IGeneratedSecretKeeper, FileSecretKeeper>();
        services.AddSingleton<IRetentionStore, SqliteRetention>();
        return services;
    }

    private static IServiceCollection AddPostgresStore(this IServiceCollection services)
    {
        // Named after this instance, so pg_stat_activity (and pg_locks) show which instance holds what.
        var instance = $"hookrelay {Environment.ProcessId}@{Environment.MachineName}";
        services.AddSingleton(sp => new PostgresDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString!, instance[..Math.Min(instance.Length, 50)]));
        services.AddSingleton<PostgresEventStore>();
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<PostgresEventStore>());
        services.AddSingleton<IDispatchQueue>(sp => sp.GetRequiredService<PostgresEventStore>());
        services.AddSingleton<IOktaStateStore>(sp => sp.GetRequiredService<PostgresEventStore>());
        services.AddSingleton<IEventReader, PostgresEventReader>();
        services.AddSingleton<IOktaStatusReader, PostgresOktaStatusReader>();
        services.AddSingleton<IOverviewReader, PostgresOverviewReader>();
        services.AddSingleton<IDispatchAdmin, PostgresDispatchAdmin>();
        services.AddSingleton<ISingletonLocks, PostgresSingletonLocks>();
        services.AddSingleton<IGeneratedSecretKeeper, PostgresSecretKeeper>();
        services.AddSingleton<IRetentionStore, PostgresRetention>();
        return services;
    }

    private static bool IsValidConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        try
        {
            return !string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(connectionString).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

using HookRelay.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace HookRelay.Storage;

internal static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .Validate(o => string.Equals(o.Provider, "sqlite", StringComparison.OrdinalIgnoreCase),
                "Storage:Provider must be 'sqlite' (the only store in this version); remove the setting to use the default.")
            .Validate(o => o.BusyTimeoutSeconds is >= 1 and <= 60,
                "Storage:BusyTimeoutSeconds must be between 1 and 60 (Okta waits 3 s); remove it for the default of 2.")
            .Validate(o => o.MaxDeliveriesPerCommit is >= 1 and <= 10_000,
                "Storage:MaxDeliveriesPerCommit must be between 1 and 10000; remove it for the default of 256.")
            .ValidateOnStart();
        services.AddSingleton(DataDirectory.FromConfiguration(configuration));
        services.AddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<DataDirectory>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.BusyTimeoutSeconds));
        services.AddSingleton<SqliteEventStore>();
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IDispatchQueue>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IOktaStateStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IEventReader, SqliteEventReader>();
        services.AddSingleton<IOktaStatusReader, SqliteOktaStatusReader>();
        return services;
    }
}

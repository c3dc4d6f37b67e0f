using HookRelay.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace HookRelay.Storage;

internal static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => string.Equals(o.Provider, "sqlite", StringComparison.OrdinalIgnoreCase),
                "Storage:Provider must be 'sqlite' (the only store in this version); remove the setting to use the default.")
            .ValidateOnStart();
        services.AddSingleton(DataDirectory.FromConfiguration(configuration));
        services.AddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<DataDirectory>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.BusyTimeoutSeconds));
        services.AddSingleton<IEventStore, SqliteEventStore>();
        services.AddSingleton<IEventReader, SqliteEventReader>();
        return services;
    }
}

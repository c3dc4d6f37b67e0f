using HookRelay.Storage;
using HookRelay.Storage.Sqlite;

namespace HookRelay.Cli;

/// <summary>The store as CLI commands see it: readers and the dispatch admin, whatever the provider.</summary>
internal sealed record CliStore(IEventReader Events, IOktaStatusReader Okta, IDispatchAdmin Dispatch)
{
    /// <summary>Opens the store the server's configuration names; the one place the CLI knows the provider.</summary>
    public static CliStore Open(IConfiguration configuration)
    {
        // The CLI waits longer than the server for a busy database: no Okta deadline behind it.
        var database = new SqliteDatabase(DataDirectory.FromConfiguration(configuration), busyTimeoutSeconds: 5);
        return new CliStore(new SqliteEventReader(database), new SqliteOktaStatusReader(database), new SqliteDispatchAdmin(database, TimeProvider.System));
    }
}

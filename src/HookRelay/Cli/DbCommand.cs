using System.CommandLine;
using System.Data.Common;
using HookRelay.Hosting;
using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary><c>hookrelay db migrate</c>: create or upgrade the store's tables before the servers start.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var migrate = new Command("migrate", "Create or upgrade the store's tables (the server also does this at start, under a lock).") { dataDir, config };
        migrate.SetAction(parse =>
        {
            try
            {
                var configuration = HookRelayConfiguration.Build(parse.GetValue(config), new Dictionary<string, string?> { [DataDirectory.ConfigKey] = parse.GetValue(dataDir) });
                var (store, applied) = CliStore.Migrate(configuration);
                Console.Out.WriteLine(applied.Count == 0
                    ? $"{store}: the schema is up to date."
                    : $"{store}: applied schema version{(applied.Count == 1 ? "" : "s")} {string.Join(", ", applied)}.");
                return 0;
            }
            catch (Exception ex) when (ex is StartupConfigurationException or StoreUnavailableException or DbException)
            {
                Console.Error.WriteLine($"hookrelay: {ex.Message}");
                return 1;
            }
        });
        return new Command("db", "The store's schema.") { migrate };
    }
}

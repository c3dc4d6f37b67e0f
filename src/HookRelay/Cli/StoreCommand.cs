using System.Data.Common;
using HookRelay.Hosting;
using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary>Opens the store a CLI command works on (same settings as the server) and turns its faults into exit code 1.</summary>
internal static class StoreCommand
{
    public static int Run(string? configFile, string? dataDir, Func<CliStore, IConfiguration, int> action)
    {
        try
        {
            var configuration = HookRelayConfiguration.Build(configFile, new Dictionary<string, string?> { [DataDirectory.ConfigKey] = dataDir });
            return action(CliStore.Open(configuration), configuration);
        }
        catch (Exception ex) when (ex is StartupConfigurationException or StoreUnavailableException or DbException)
        {
            Console.Error.WriteLine($"hookrelay: {ex.Message}");
            return 1;
        }
    }

    /// <summary>A count as tables show it: 12,345.</summary>
    public static string Count(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    public static void PrintTable(Spectre.Console.Table table)
    {
        if (Console.IsOutputRedirected)
        {
            // Piped output: rows whole on one line each, so grep and copy work.
            Spectre.Console.AnsiConsole.Profile.Width = 4096;
        }

        Spectre.Console.AnsiConsole.Write(table);
    }
}

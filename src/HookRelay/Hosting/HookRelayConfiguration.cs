using Microsoft.Extensions.FileProviders;

namespace HookRelay.Hosting;

/// <summary>
/// One order of configuration sources for the server and the CLI alike: appsettings.json in the
/// working folder, then the --config file, then HOOKRELAY_ variables, then command-line flags.
/// </summary>
internal static class HookRelayConfiguration
{
    public const string EnvironmentPrefix = "HOOKRELAY_";

    public static IConfigurationBuilder AddHookRelaySources(
        this IConfigurationBuilder builder, string? configFile, IReadOnlyDictionary<string, string?> flags)
    {
        var defaultFile = Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json");
        if (File.Exists(defaultFile))
        {
            builder.AddWatchedJsonFile(defaultFile, "appsettings.json");
        }

        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile);
            if (!File.Exists(path))
            {
                throw new StartupConfigurationException($"--config: the file {path} does not exist; pass the path of a JSON settings file.");
            }

            builder.AddWatchedJsonFile(path, "--config");
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(flags.Where(f => f.Value is not null));
        return builder;
    }

    /// <summary>
    /// Reloads the file when it changes. Polling watches just this file; the default watcher
    /// would watch its whole folder tree, and wake on every write to ./data underneath it.
    /// </summary>
    private static void AddWatchedJsonFile(this IConfigurationBuilder builder, string path, string setting)
    {
        try
        {
            builder.AddJsonFile(source =>
            {
                source.FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(path)!) { UsePollingFileWatcher = true, UseActivePolling = true };
                source.Path = Path.GetFileName(path);
                source.Optional = false;
                source.ReloadOnChange = true;
            });
        }
        catch (InvalidDataException ex)
        {
            // A ConfigurationManager loads as soon as a source is added.
            throw new StartupConfigurationException($"{setting}: {path} is not valid JSON ({ex.InnerException?.Message ?? ex.Message}). Fix the file.", ex);
        }
    }

    public static IConfiguration Build(string? configFile, IReadOnlyDictionary<string, string?> flags)
    {
        try
        {
            return new ConfigurationBuilder().AddHookRelaySources(configFile, flags).Build();
        }
        catch (InvalidDataException ex)
        {
            throw new StartupConfigurationException($"A settings file is not valid JSON ({ex.InnerException?.Message ?? ex.Message}). Fix the file.", ex);
        }
    }
}

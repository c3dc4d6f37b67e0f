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
            builder.AddJsonFile(defaultFile, optional: true, reloadOnChange: true);
        }

        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile);
            if (!File.Exists(path))
            {
                throw new StartupConfigurationException($"--config: the file {path} does not exist; pass the path of a JSON settings file.");
            }

            builder.AddJsonFile(path, optional: false, reloadOnChange: true);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(flags.Where(f => f.Value is not null));
        return builder;
    }

    public static IConfiguration Build(string? configFile, IReadOnlyDictionary<string, string?> flags)
    {
        try
        {
            return new ConfigurationBuilder().AddHookRelaySources(configFile, flags).Build();
        }
        catch (InvalidDataException ex)
        {
            throw new StartupConfigurationException($"--config: {ex.Message}", ex);
        }
    }
}

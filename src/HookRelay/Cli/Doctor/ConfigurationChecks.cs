using HookRelay.Hosting;
using Microsoft.Extensions.Options;

namespace HookRelay.Cli.Doctor;

/// <summary>
/// The server's own start-up checks without the start: the web application is built exactly as
/// <c>hookrelay serve</c> builds it (listen addresses, certificate, every options class), and the
/// validators that run on start run now.
/// </summary>
internal static class ConfigurationChecks
{
    public const string Name = "configuration";

    /// <summary>The built (never started) application, or null with the reason in <paramref name="check"/>.</summary>
    public static WebApplication? Build(string? configFile, IReadOnlyDictionary<string, string?> flags, out DoctorCheck check)
    {
        WebApplication? app = null;
        try
        {
            app = HookRelayApp.Build(configFile, flags, builder => builder.Logging.ClearProviders());
            app.Services.GetService<IStartupValidator>()?.Validate();
            check = DoctorCheck.Ok(Name, "valid: the server would start with these settings");
            return app;
        }
        catch (Exception ex) when (ex is StartupConfigurationException or OptionsValidationException or InvalidDataException or CliFailure or AggregateException)
        {
            check = DoctorCheck.Fail(Name, Message(ex), "fix the setting named above (in appsettings.json, the --config file or a HOOKRELAY_ variable)");
            (app as IDisposable)?.Dispose();
            return null;
        }
    }

    private static string Message(Exception ex) => ex switch
    {
        OptionsValidationException options => string.Join("; ", options.Failures),
        AggregateException aggregate => string.Join("; ", aggregate.InnerExceptions.Select(Message)),
        _ => ex.Message,
    };
}

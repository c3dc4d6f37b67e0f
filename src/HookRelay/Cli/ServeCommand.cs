using System.CommandLine;
using HookRelay.Hosting;
using HookRelay.Storage;
using Microsoft.Extensions.Options;

namespace HookRelay.Cli;

/// <summary><c>hookrelay serve</c>: runs the receiver until SIGTERM or Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Addresses to listen on, ';'-separated (default {ServeSettings.DefaultUrls})." };
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var cert = new Option<string?>("--cert") { Description = "PEM certificate for HTTPS (the key may be in the same file)." };
        var key = new Option<string?>("--key") { Description = "PEM private key of --cert." };
        var behindProxy = new Option<bool>("--behind-proxy") { Description = "A TLS-terminating proxy is in front: allow plain HTTP on network addresses and honour X-Forwarded-*." };
        var command = new Command("serve", "Run the HookRelay server.") { urls, dataDir, config, cert, key, behindProxy };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(config), new Dictionary<string, string?>
        {
            [ServeSettings.Urls] = parse.GetValue(urls),
            [DataDirectory.ConfigKey] = parse.GetValue(dataDir),
            [ServeSettings.CertificatePath] = parse.GetValue(cert),
            [ServeSettings.KeyPath] = parse.GetValue(key),
            [ServeSettings.BehindProxy] = parse.GetValue(behindProxy) ? "true" : null,
        }));
        return command;
    }

    public static async Task<int> RunAsync(string? configFile, IReadOnlyDictionary<string, string?> flags)
    {
        try
        {
            await using var app = HookRelayApp.Build(configFile, flags);
            await app.RunAsync();
            return 0;
        }
        catch (StartupConfigurationException ex)
        {
            return Fail(ex.Message);
        }
        catch (StoreUnavailableException ex)
        {
            return Fail($"Storage: {ex.Message}");
        }
        catch (OptionsValidationException ex)
        {
            return Fail(string.Join(Environment.NewLine + "hookrelay: ", ex.Failures));
        }
        catch (InvalidOperationException ex) when (ConfigurationErrors.IsConversionError(ex))
        {
            return Fail(ConfigurationErrors.Describe(ex));
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("bind", StringComparison.OrdinalIgnoreCase))
        {
            return Fail($"--urls: {ex.Message} Pick a free port with --urls.");
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"hookrelay: {message}");
        return 1;
    }
}

using HookRelay.Hosting;
using HookRelay.Okta;
using HookRelay.Okta.EventHooks;
using HookRelay.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HookRelay.Cli;

/// <summary>
/// What an <c>hookrelay okta …</c> command works with: the server's configuration, one org's
/// Event Hooks API, and the data folder. Turns every expected fault into a message and an exit code.
/// </summary>
internal sealed class OktaCliSession : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private OktaCliSession(IConfiguration configuration, string org, OktaOrgOptions settings)
    {
        Configuration = configuration;
        Org = org;
        Settings = settings;
        Data = DataDirectory.FromConfiguration(configuration);
        Hooks = new EventHooksApi(OktaClients.Create(settings, _http, TimeProvider.System, NullLoggerFactory.Instance), new Uri(settings.Domain));
    }

    public IConfiguration Configuration { get; }

    public string Org { get; }

    public OktaOrgOptions Settings { get; }

    public DataDirectory Data { get; }

    public EventHooksApi Hooks { get; }

    /// <summary>Runs a command against the org named on the command line, with its faults as exit codes.</summary>
    public static async Task<int> RunAsync(System.CommandLine.ParseResult parse, OktaCliOptions options, Func<OktaCliSession, Task<int>> action)
    {
        try
        {
            using var session = Open(parse.GetValue(options.Config), parse.GetValue(options.DataDir), parse.GetValue(options.Org));
            return await action(session);
        }
        catch (CliFailure ex)
        {
            Console.Error.WriteLine($"hookrelay: {ex.Message}");
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is OktaApiException or HttpRequestException or StartupConfigurationException or OptionsValidationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"hookrelay: {ex.Message}");
            return 1;
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            Console.Error.WriteLine("hookrelay: Okta did not answer in time; try again later.");
            return 1;
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The hook with this id, or else the one with this name.</summary>
    public async Task<EventHook> FindAsync(string idOrName, CancellationToken cancellationToken)
    {
        var hooks = await Hooks.ListAsync(cancellationToken);
        var matches = hooks.Where(h => h.Id == idOrName).ToList() is { Count: 1 } byId ? byId : [.. hooks.Where(h => h.Name == idOrName)];
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliFailure($"org {Org} has no event hook with the id or name '{idOrName}' (see 'hookrelay okta hooks list --org {Org}')."),
            _ => throw new CliFailure($"org {Org} has {matches.Count} event hooks named '{idOrName}'; pass the id instead."),
        };
    }

    private static OktaCliSession Open(string? configFile, string? dataDir, string? org)
    {
        var configuration = HookRelayConfiguration.Build(configFile, new Dictionary<string, string?> { [DataDirectory.ConfigKey] = dataDir });
        var okta = new OktaOptions();
        configuration.GetSection(OktaOptions.SectionName).Bind(okta);
        if (new OktaOptionsValidator().Validate(null, okta) is { Failed: true } invalid)
        {
            throw new CliFailure(invalid.FailureMessage);
        }

        if (org is null)
        {
            return okta.Orgs.Count == 1
                ? new OktaCliSession(configuration, okta.Orgs.Keys.First(), okta.Orgs.Values.First())
                : throw new CliFailure(CliApp.UsageError, okta.Orgs.Count == 0
                    ? "no org is configured under Okta:Orgs; pass the server's --config (or set HOOKRELAY_Okta__Orgs__{name}__Domain and __ApiToken)."
                    : $"several orgs are configured ({string.Join(", ", okta.Orgs.Keys)}); pass --org.");
        }

        return okta.Orgs.TryGetValue(org, out var settings)
            ? new OktaCliSession(configuration, org, settings)
            : throw new CliFailure($"no org named '{org}' under Okta:Orgs; pass the server's --config.");
    }
}

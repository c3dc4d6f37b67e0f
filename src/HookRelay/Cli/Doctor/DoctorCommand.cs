using System.CommandLine;
using System.Text.Json;
using HookRelay.Hosting;
using HookRelay.Storage;

namespace HookRelay.Cli.Doctor;

/// <summary>
/// <c>hookrelay doctor</c>: configuration, store, disk space, certificate, sinks and Okta, each
/// with OK, WARN or FAIL and what to do. Exit 0 when nothing failed, 1 otherwise.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var command = new Command("doctor", "Check configuration, store, disk space, TLS certificate, sinks and Okta, and print what to fix.") { json, dataDir, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var checks = await RunChecksAsync(parse.GetValue(config), parse.GetValue(dataDir), cancellationToken);
            Print(checks, parse.GetValue(json));
            return checks.Any(c => c.Status == DoctorStatus.Fail) ? 1 : 0;
        });
        return command;
    }

    private static async Task<List<DoctorCheck>> RunChecksAsync(string? configFile, string? dataDir, CancellationToken cancellationToken)
    {
        var flags = new Dictionary<string, string?> { [DataDirectory.ConfigKey] = dataDir };
        IConfiguration configuration;
        try
        {
            configuration = HookRelayConfiguration.Build(configFile, flags);
        }
        catch (StartupConfigurationException ex)
        {
            // Without readable settings nothing else can be checked.
            return [DoctorCheck.Fail(ConfigurationChecks.Name, ex.Message, "fix the JSON of appsettings.json or of the --config file")];
        }

        var checks = new List<DoctorCheck>();
        var app = ConfigurationChecks.Build(configFile, flags, out var configurationCheck);
        checks.Add(configurationCheck);
        if (app is null)
        {
            checks.Add(DoctorCheck.Warn(StoreChecks.Name, "not checked: the server would not start with this configuration", "fix the configuration first"));
        }
        else
        {
            await using (app)
            {
                checks.Add(await StoreChecks.CheckAsync(app.Services, cancellationToken));
            }
        }

        checks.Add(DiskSpaceChecks.Check(DataDirectory.FromConfiguration(configuration)));
        checks.Add(CertificateChecks.Check(configuration, TimeProvider.System.GetUtcNow()));
        checks.AddRange(await SinkChecks.CheckAsync(configuration, cancellationToken));
        checks.AddRange(await OktaChecks.CheckAsync(configuration, cancellationToken));
        return checks;
    }

    private static void Print(List<DoctorCheck> checks, bool json)
    {
        var healthy = checks.All(c => c.Status != DoctorStatus.Fail);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new DoctorReport(healthy, checks), DoctorJsonContext.Default.DoctorReport));
            return;
        }

        var width = checks.Max(c => c.Check.Length) + 2;
        var indent = new string(' ', 6 + width);
        foreach (var check in checks)
        {
            Console.Out.WriteLine($"{Label(check.Status),-6}{check.Check.PadRight(width)}{check.Detail}");
            if (check.Fix is not null)
            {
                Console.Out.WriteLine($"{indent}fix: {check.Fix}");
            }
        }

        var failed = checks.Count(c => c.Status == DoctorStatus.Fail);
        var warned = checks.Count(c => c.Status == DoctorStatus.Warn);
        Console.Out.WriteLine(failed + warned == 0
            ? "All checks passed."
            : $"{failed} failed, {warned} warning{(warned == 1 ? string.Empty : "s")}: {(failed > 0 ? "fix the FAIL lines first." : "nothing is broken yet.")}");
    }

    private static string Label(DoctorStatus status) => status switch
    {
        DoctorStatus.Ok => "OK",
        DoctorStatus.Warn => "WARN",
        _ => "FAIL",
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using HookRelay.Simulator;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Cli;

/// <summary><c>hookrelay doctor</c>, run as the real executable against a SQLite store, a file or HTTP sink and a simulated Okta org.</summary>
public sealed class DoctorCommandTests : IAsyncLifetime, IDisposable
{
    private const string RevokedToken = "00revoked-api-token-fedcba9876543210";
    private const string SecretValue = "doctor-test-secret-0123456789abcdefghij";

    private readonly TempDirectory _folder = new();
    private SimulatedOrg? _okta;

    private SimulatedOrg Okta => _okta!;

    public async Task InitializeAsync() => _okta = await SimulatedOrg.StartAsync();

    public async Task DisposeAsync() => await Okta.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Doctor_OnAHealthySetUp_ExitsZeroWithEveryCheckOk()
    {
        AddOktaHook(SimulatedEventHook.Active, SimulatedEventHook.Verified);
        var config = WriteConfig(new JsonObject { ["Type"] = "file", ["Path"] = Path.Combine(_folder.Path, "sinks", "audit.jsonl") });

        var (exitCode, stdout, stderr) = await RunAsync(config, Path.Combine(_folder.Path, "data"), SimulatedOrg.Token);

        Assert.True(exitCode == 0, stdout + stderr);
        var lines = CheckLines(stdout);
        Assert.Equal(["configuration", "store", "disk space", "tls certificate", "sink audit", "okta acme credentials", "okta acme event hooks"], lines.Select(l => l.Check));
        Assert.All(lines, l => Assert.True(l.Status == "OK", l.Line));
        Assert.DoesNotContain("fix:", stdout, StringComparison.Ordinal);
        Assert.EndsWith("All checks passed.\n", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "data", "hookrelay.db")));
    }

    [Fact]
    public async Task Doctor_WithUnwritableDataDirUnreachableSinkAndRevokedToken_ExitsOneAndPrintsEachFix()
    {
        AddOktaHook(SimulatedEventHook.Active, SimulatedEventHook.Verified);
        var config = WriteConfig(new JsonObject { ["Type"] = "http", ["Url"] = $"http://127.0.0.1:{HookRelayProcess.FreePort()}/collector" });
        // A data folder "inside" a regular file cannot be created, even by root.
        var blocker = Path.Combine(_folder.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");

        var (exitCode, stdout, stderr) = await RunAsync(config, Path.Combine(blocker, "data"), RevokedToken);

        Assert.True(exitCode == 1, stdout + stderr);
        var lines = CheckLines(stdout);
        Assert.Equal("FAIL", lines.Single(l => l.Check == "store").Status);
        Assert.Equal("FAIL", lines.Single(l => l.Check == "sink audit").Status);
        Assert.Equal("FAIL", lines.Single(l => l.Check == "okta acme credentials").Status);
        Assert.Equal("WARN", lines.Single(l => l.Check == "okta acme event hooks").Status);
        Assert.Equal("OK", lines.Single(l => l.Check == "configuration").Status);
        Assert.Contains("fix: pass --data-dir (setting DataDir) with a folder this user may write", stdout, StringComparison.Ordinal);
        Assert.Contains("fix: check that the endpoint in Sinks:audit:Url is up", stdout, StringComparison.Ordinal);
        Assert.Contains("set Okta:Orgs:acme:ApiToken", stdout, StringComparison.Ordinal);
        Assert.Contains("3 failed", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(RevokedToken, stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoctorJson_WithAnUnverifiedOktaHook_FailsThatCheckNamingTheVerifyCommand()
    {
        var hook = AddOktaHook(SimulatedEventHook.Active, SimulatedEventHook.Unverified);
        var config = WriteConfig(new JsonObject { ["Type"] = "stdout" });

        var (exitCode, stdout, stderr) = await RunAsync(config, Path.Combine(_folder.Path, "data"), SimulatedOrg.Token, "--json");

        Assert.True(exitCode == 1, stdout + stderr);
        using var report = JsonDocument.Parse(stdout);
        Assert.False(report.RootElement.GetProperty("healthy").GetBoolean());
        var checks = report.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!, c => c);
        Assert.Equal("ok", checks["okta acme credentials"].GetProperty("status").GetString());
        var hooks = checks["okta acme event hooks"];
        Assert.Equal("fail", hooks.GetProperty("status").GetString());
        Assert.Contains($"hookrelay okta hooks verify {hook}", hooks.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(hooks.TryGetProperty("fix", out _));
        Assert.Equal("ok", checks["sink audit"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Doctor_WithAConfigurationTheServerRefuses_FailsItWithTheServersMessageAndSkipsTheStore()
    {
        AddOktaHook(SimulatedEventHook.Active, SimulatedEventHook.Verified);
        var config = WriteConfig(new JsonObject { ["Type"] = "stdout" });
        var environment = new Dictionary<string, string> { ["HOOKRELAY_Urls"] = "http://0.0.0.0:8080" };

        var (exitCode, stdout, stderr) = await HookRelayProcess.RunAsync(["doctor", "--config", config, "--data-dir", Path.Combine(_folder.Path, "data")], environment, timeout: TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 1, stdout + stderr);
        var lines = CheckLines(stdout);
        var configuration = lines.Single(l => l.Check == "configuration");
        Assert.Equal("FAIL", configuration.Status);
        Assert.Contains("--urls", configuration.Line, StringComparison.Ordinal);
        Assert.Equal("WARN", lines.Single(l => l.Check == "store").Status);
        Assert.Equal("OK", lines.Single(l => l.Check == "sink audit").Status);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "data", "hookrelay.db")), "doctor opened a store the server would not start with.");
    }

    private string AddOktaHook(string status, string verification)
    {
        var definition = new SimulatedHookDefinition("HookRelay", null, ["user.session.start"], null, new Uri("https://hookrelay.example/hooks/okta"), [], "Authorization", SecretValue);
        var hook = Okta.Hooks.Create(definition);
        Okta.Hooks.SetStatus(hook.Id, status);
        Okta.Hooks.SetVerificationStatus(hook.Id, verification);
        return hook.Id;
    }

    private string WriteConfig(JsonObject sink)
    {
        var settings = new JsonObject
        {
            ["Hooks"] = new JsonObject { ["okta"] = new JsonObject { ["Secrets"] = new JsonArray(SecretValue) } },
            ["Sinks"] = new JsonObject { ["audit"] = sink },
            ["Routes"] = new JsonArray(new JsonObject { ["Match"] = "*", ["Sinks"] = new JsonArray("audit") }),
        };
        var path = Path.Combine(_folder.Path, "hookrelay.json");
        File.WriteAllText(path, settings.ToJsonString());
        return path;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string config, string dataDir, string token, params string[] extra)
    {
        var environment = Okta.Environment();
        environment["HOOKRELAY_Okta__Orgs__acme__ApiToken"] = token;
        environment["HOOKRELAY_Okta__Orgs__acme__Hooks__0"] = "okta";
        return HookRelayProcess.RunAsync(["doctor", "--config", config, "--data-dir", dataDir, .. extra], environment, timeout: TimeSpan.FromSeconds(60));
    }

    /// <summary>The check lines of the text output: status, check name, the rest.</summary>
    private static List<(string Status, string Check, string Line)> CheckLines(string stdout) =>
    [
        .. stdout.Split('\n')
            .Where(l => l.StartsWith("OK ", StringComparison.Ordinal) || l.StartsWith("WARN ", StringComparison.Ordinal) || l.StartsWith("FAIL ", StringComparison.Ordinal))
            .Select(l => (l[..6].Trim(), Name(l[6..]), l)),
    ];

    /// <summary>Names are padded to a column; each is at most three words, then two spaces.</summary>
    private static string Name(string rest) => rest[..rest.IndexOf("  ", StringComparison.Ordinal)].Trim();
}

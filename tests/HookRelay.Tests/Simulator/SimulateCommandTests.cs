using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using HookRelay.Tests.Hosting;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Simulator;

/// <summary><c>hookrelay simulate</c> as a user runs it: a real process delivering to a real <c>hookrelay serve</c>.</summary>
public sealed class SimulateCommandTests
{
    private const string Token = "00sim-e2e-token-0123456789abcdefghijkl";

    [Fact]
    public async Task Simulate_AgainstServe_PushedEventsStored_DroppedOnesRecoveredByReconciliation()
    {
        using var dataDir = new TempDirectory();
        var servePort = HookRelayProcess.FreePort();
        var oktaPort = HookRelayProcess.FreePort();
        var oktaUrl = ServeRun.Url(oktaPort);
        await using var serve = await ServeRun.StartLiveAsync(servePort, ["serve", "--urls", ServeRun.Url(servePort), "--data-dir", dataDir.Path], new Dictionary<string, string>
        {
            [ServeRun.SecretVariable] = TestSecrets.Primary,
            ["HOOKRELAY_Okta__Orgs__sim__Domain"] = oktaUrl,
            ["HOOKRELAY_Okta__Orgs__sim__ApiToken"] = Token,
            ["HOOKRELAY_Okta__Orgs__sim__Hooks__0"] = "okta",
            ["HOOKRELAY_Okta__Orgs__sim__Reconcile__Interval"] = "00:00:01",
            ["HOOKRELAY_Logging__LogLevel__Default"] = "Warning",
        });

        await using var simulate = HookRelayProcess.Start(
        [
            "simulate", "--listen", oktaUrl, "--api-token", Token, "--seed", "42", "--rate", "50", "--events", "40", "--drop", "0.3",
            "--deliver-to", $"{ServeRun.Url(servePort)}/hooks/okta", "--secret", TestSecrets.Primary,
        ]);
        var database = Path.Combine(dataDir.Path, "hookrelay.db");

        await Eventually.TrueAsync(() => File.Exists(database) && StoreQueries.EventCount(database) == 40, "all 40 events stored, pushed or pulled", TimeSpan.FromSeconds(30));
        Assert.Contains($"Simulated Okta org: {oktaUrl}", simulate.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"API token:          {Token}", simulate.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"HOOKRELAY_Okta__Orgs__sim__Domain={oktaUrl}", simulate.StandardOutput, StringComparison.Ordinal);
        // The org's System Log holds the same 40 events.
        using var client = new HttpClient { BaseAddress = new Uri(oktaUrl) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"SSWS {Token}");
        var log = JsonDocument.Parse(await client.GetStringAsync("/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z&limit=1000")).RootElement;
        Assert.Equal(StoreQueries.AllUuids(database), log.EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!).ToHashSet());

        // The store can be complete (reconciliation) while the org's last batch is still on its way: let it settle first.
        await Eventually.TrueAsync(
            () => Regex.Matches(simulate.StandardError, "generated 40, delivered ([0-9]+), dropped ([0-9]+),").Any(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) == 40),
            "the org reports every event delivered or dropped",
            TimeSpan.FromSeconds(30));
        simulate.Terminate();
        Assert.Equal(0, await simulate.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        var summary = Regex.Match(simulate.StandardError, "stopped; generated 40, delivered ([0-9]+), dropped ([0-9]+), failed 0 ");
        Assert.True(summary.Success, simulate.StandardError);
        var (delivered, dropped) = (long.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(40, delivered + dropped);
        Assert.True(delivered > 0 && dropped > 0, simulate.StandardError);

        // What Okta pushed is marked pushed; what it dropped was pulled from the System Log only.
        await Eventually.TrueAsync(
            () => StoreQueries.Scalar(database, "SELECT COUNT(*) FROM events WHERE provenance IN (1, 3)") == delivered
                && StoreQueries.Scalar(database, "SELECT COUNT(*) FROM events WHERE provenance = 2") == dropped,
            "provenance matches what the simulator delivered and dropped");
    }

    [Theory]
    [InlineData("--drop", "1.5")]
    [InlineData("--rate", "fast")]
    [InlineData("--delay", "soon")]
    [InlineData("--event-types", "event_hook.delivery")]
    [InlineData("--deliver-to", "not-a-url")]
    [InlineData("--backlog", "0")]
    [InlineData("--backlog", "lots")]
    [InlineData("--backlog-span", "soon")]
    public async Task Simulate_BadFlagValue_ExitCode2NamingTheFlag(string flag, string value)
    {
        var (exitCode, _, stderr) = await HookRelayProcess.RunAsync(["simulate", flag, value, "--listen", "http://127.0.0.1:1"]);

        Assert.Equal(2, exitCode);
        Assert.Contains(flag, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_BacklogSpanWithoutBacklog_ExitCode2()
    {
        var (exitCode, _, stderr) = await HookRelayProcess.RunAsync(["simulate", "--backlog-span", "10m", "--listen", "http://127.0.0.1:1"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--backlog-span needs --backlog", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ListenAddressInUse_Exit1NamingListen()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = ServeRun.Url(((IPEndPoint)taken.LocalEndpoint).Port);

        var (exitCode, _, stderr) = await HookRelayProcess.RunAsync(["simulate", "--listen", url, "--rate", "0"]);

        Assert.True(exitCode == 1, $"exit {exitCode.ToString(CultureInfo.InvariantCulture)}: {stderr}");
        Assert.Contains("--listen", stderr, StringComparison.Ordinal);
    }
}

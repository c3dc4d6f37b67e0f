using System.Globalization;
using HookRelay.Simulator;
using HookRelay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HookRelay.Tests.Okta;

/// <summary><c>hookrelay reconcile --org --since --until [--dry-run]</c> against the simulated org and a running server's store.</summary>
public sealed class BackfillCommandTests
{
    private const string Token = "00simulated-api-token-0123456789abcdef";

    [Fact]
    public async Task Backfill_DryRunCountsThenRealRunStoresWhatOktaNeverDelivered()
    {
        var okta = SimulatorApp.Build("http://127.0.0.1:0", o => o.ApiToken = Token);
        await okta.StartAsync();
        await using var _ = okta;
        var log = okta.Services.GetRequiredService<SimulatedSystemLog>();
        var now = TimeProvider.System.GetUtcNow();
        log.Append("user.lifecycle.create", published: now.AddHours(-5)); // outside the window
        string[] types = ["user.lifecycle.create", "group.user_membership.add", "group.user_membership.add", "user.lifecycle.create"];
        var inWindow = Enumerable.Range(0, 4).Select(i => log.Append(types[i], published: now.AddMinutes(-30 + i))).ToList();
        await using var server = await RunningHookRelay.StartAsync();
        (await server.PostAsync(OktaPayloads.Envelope([inWindow[0].Json]))).Dispose();
        var environment = new Dictionary<string, string>
        {
            ["HOOKRELAY_Okta__Orgs__acme__Domain"] = okta.Urls.First(),
            ["HOOKRELAY_Okta__Orgs__acme__ApiToken"] = Token,
            ["HOOKRELAY_Okta__Orgs__acme__Hooks__0"] = "okta",
        };
        string[] window = ["reconcile", "--org", "acme", "--since", now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture), "--until", now.ToString("O", CultureInfo.InvariantCulture), "--data-dir", server.DataDir];

        var dry = await HookRelayProcess.RunAsync([.. window, "--dry-run"], environment);
        var countAfterDryRun = StoreQueries.EventCount(server.DatabasePath);
        var real = await HookRelayProcess.RunAsync(window, environment);
        var again = await HookRelayProcess.RunAsync(window, environment);

        Assert.True(dry.ExitCode == 0, dry.Stderr);
        Assert.Contains("4 events in the window; 3 were never delivered (dry run", dry.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, countAfterDryRun);
        Assert.True(real.ExitCode == 0, real.Stderr);
        Assert.Contains("3 were never delivered and are now stored", real.Stdout, StringComparison.Ordinal);
        foreach (var output in new[] { dry.Stdout, real.Stdout })
        {
            Assert.Matches(@"group\.user_membership\.add\s*│\s*2\s", output);
            Assert.Matches(@"user\.lifecycle\.create\s*│\s*1\s", output);
        }

        Assert.Equal(4, StoreQueries.EventCount(server.DatabasePath));
        Assert.Equal(3, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM events WHERE provenance = 2"));
        Assert.Contains("0 were never delivered", again.Stdout, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 1") == 4, "the running server dispatched the backfilled events");
    }

    [Fact]
    public async Task Backfill_WithoutOrgOrSince_IsAUsageError()
    {
        var run = await HookRelayProcess.RunAsync(["reconcile", "--org", "acme"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--since", run.Stderr, StringComparison.Ordinal);
    }
}

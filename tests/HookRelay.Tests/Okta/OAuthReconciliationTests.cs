using System.Globalization;
using HookRelay.Simulator;
using HookRelay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HookRelay.Tests.Okta;

/// <summary>Reconciliation and backfill for an org configured with an OAuth service app instead of an API token.</summary>
public sealed class OAuthReconciliationTests
{
    [Fact]
    public async Task RunningServer_ReconcilesThroughTheServiceAppWithOneAccessToken()
    {
        using var app = TestServiceApp.Ec(System.Security.Cryptography.ECCurve.NamedCurves.nistP256, keyId: "hookrelay-1");
        await using var okta = await OAuthCredentialTests.StartAsync(app.Register);
        var log = okta.Services.GetRequiredService<SimulatedSystemLog>();
        var first = Enumerable.Range(0, 3).Select(_ => log.Append("user.lifecycle.create").Uuid).ToList();
        var settings = app.Settings("acme", okta.Urls.First());
        settings["Okta:Orgs:acme:Hooks:0"] = "okta";
        settings["Okta:Orgs:acme:Reconcile:Interval"] = "00:00:01";
        await using var server = await RunningHookRelay.StartAsync(settings);

        await Eventually.TrueAsync(() => StoreQueries.EventCount(server.DatabasePath) == 3, "the first three events pulled");
        var later = log.Append("user.lifecycle.deactivate").Uuid;
        await Eventually.TrueAsync(() => StoreQueries.EventCount(server.DatabasePath) == 4, "a later event pulled on a later pass");

        Assert.Equal([.. first, later], StoreQueries.AllUuids(server.DatabasePath));
        Assert.Equal(1, OAuthCredentialTests.OAuth(okta).TokenRequests);
    }

    [Fact]
    public async Task Backfill_WithAKeyPathRelativeToTheWorkingDirectory_ReadsThroughTheServiceApp()
    {
        using var app = TestServiceApp.Rsa();
        await using var okta = await OAuthCredentialTests.StartAsync(app.Register);
        var now = TimeProvider.System.GetUtcNow();
        var uuid = okta.Services.GetRequiredService<SimulatedSystemLog>().Append("user.lifecycle.create", published: now.AddMinutes(-10)).Uuid;
        using var data = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["HOOKRELAY_Okta__Orgs__acme__Domain"] = okta.Urls.First(),
            ["HOOKRELAY_Okta__Orgs__acme__OAuth__ClientId"] = TestServiceApp.ClientId,
            ["HOOKRELAY_Okta__Orgs__acme__OAuth__PrivateKeyPath"] = Path.GetFileName(app.KeyPath),
            ["HOOKRELAY_Okta__Orgs__acme__OAuth__KeyId"] = app.KeyId!,
            ["HOOKRELAY_Okta__Orgs__acme__Hooks__0"] = "okta",
            ["HOOKRELAY_Hooks__okta__Secrets__0"] = TestSecrets.Primary,
        };

        var run = await HookRelayProcess.RunAsync(
            ["reconcile", "--org", "acme", "--since", now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture), "--data-dir", data.Path],
            environment,
            workingDirectory: Path.GetDirectoryName(app.KeyPath));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("1 events in the window; 1 were never delivered", run.Stdout, StringComparison.Ordinal);
        Assert.Equal([uuid], StoreQueries.AllUuids(data.DatabasePath));
        Assert.Equal(1, OAuthCredentialTests.OAuth(okta).TokenRequests);
    }
}

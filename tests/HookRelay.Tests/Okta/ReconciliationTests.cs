using System.Text.Json;
using HookRelay.Simulator;
using HookRelay.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HookRelay.Tests.Okta;

/// <summary>Reconciliation against the simulated org: what Okta never pushed is pulled, stored and dispatched.</summary>
public sealed class ReconciliationTests
{
    private const string Token = "00simulated-api-token-0123456789abcdef";

    [Fact]
    public async Task Reconcile_BackfillsEventsOktaNeverDeliveredAndMarksBothPaths()
    {
        var okta = SimulatorApp.Build("http://127.0.0.1:0", o => o.ApiToken = Token);
        await okta.StartAsync();
        await using var _ = okta;
        var log = okta.Services.GetRequiredService<SimulatedSystemLog>();
        var events = Enumerable.Range(0, 5).Select(_ => log.Append("user.lifecycle.create")).ToList();
        using var folder = new TempDirectory();
        using var backfilled = new ServerMetrics("hookrelay.reconcile.backfilled");
        await using var server = await RunningHookRelay.StartAsync(Settings(okta, "backfill-org"), dataDir: folder.Path);

        // Okta delivered two of the five; the other three were lost on the way.
        (await server.PostAsync(OktaPayloads.Envelope(events.Take(2).Select(e => e.Json)))).Dispose();

        await Eventually.TrueAsync(() => StoreQueries.EventCount(server.DatabasePath) == 5, "the three missing events backfilled");
        Assert.Equal(2, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM events WHERE provenance = 3"));
        Assert.Equal(3, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM events WHERE provenance = 2"));
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM okta_cursors WHERE org = 'backfill-org'") == 1, "the cursor stored");
        await Eventually.TrueAsync(
            () => File.Exists(Path.Combine(folder.Path, "events.jsonl")) && File.ReadAllLines(Path.Combine(folder.Path, "events.jsonl")).Length == 5,
            "every event, pushed or pulled, dispatched once");
        var archived = File.ReadAllLines(Path.Combine(folder.Path, "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uuid").GetString() ?? string.Empty);
        Assert.Equal(events.Select(e => e.Uuid).ToHashSet(), archived.ToHashSet());

        var status = await HookRelayProcess.RunAsync(["reconcile", "status", "--json", "--data-dir", folder.Path]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        using var report = JsonDocument.Parse(status.Stdout);
        var hook = Assert.Single(report.RootElement.GetProperty("hooks").EnumerateArray());
        Assert.Equal(3, hook.GetProperty("pullOnly").GetInt64());
        Assert.Equal(2, hook.GetProperty("both").GetInt64());
        Assert.Equal("backfill-org", Assert.Single(report.RootElement.GetProperty("orgs").EnumerateArray()).GetProperty("org").GetString());
        // 3 when the push came first; up to 5 when the first pass ran before it (the 2 then became "both").
        Assert.InRange(backfilled.Sum(("org", "backfill-org")), 3, 5);
    }

    [Fact]
    public async Task Reconcile_AfterRestart_ResumesFromTheStoredCursor()
    {
        var okta = SimulatorApp.Build("http://127.0.0.1:0", o => o.ApiToken = Token);
        await okta.StartAsync();
        await using var _ = okta;
        var log = okta.Services.GetRequiredService<SimulatedSystemLog>();
        using var folder = new TempDirectory();
        log.Append("user.lifecycle.create");
        await using (var first = await RunningHookRelay.StartAsync(Settings(okta), dataDir: folder.Path))
        {
            await Eventually.TrueAsync(() => StoreQueries.EventCount(first.DatabasePath) == 1, "the first event pulled");
        }

        var later = log.Append("user.lifecycle.deactivate");
        await using var second = await RunningHookRelay.StartAsync(Settings(okta), dataDir: folder.Path);

        await Eventually.TrueAsync(() => StoreQueries.EventCount(second.DatabasePath) == 2, "the later event pulled after the restart");
        Assert.Contains(later.Uuid, StoreQueries.AllUuids(second.DatabasePath));
    }

    [Fact]
    public async Task Reconcile_AfterEventTypesChange_ReadsTheNewTypesInsteadOfKeepingTheOldFilter()
    {
        var okta = SimulatorApp.Build("http://127.0.0.1:0", o => o.ApiToken = Token);
        await okta.StartAsync();
        await using var _ = okta;
        var log = okta.Services.GetRequiredService<SimulatedSystemLog>();
        using var folder = new TempDirectory();
        var settings = Settings(okta, "types-org");
        settings["Okta:Orgs:types-org:Reconcile:EventTypes:0"] = "user.lifecycle.*";
        log.Append("user.lifecycle.create");
        await using (var first = await RunningHookRelay.StartAsync(settings, dataDir: folder.Path))
        {
            await Eventually.TrueAsync(() => StoreQueries.EventCount(first.DatabasePath) == 1, "the first event pulled");
            await Eventually.TrueAsync(() => StoreQueries.Scalar(first.DatabasePath, "SELECT COUNT(*) FROM okta_cursors WHERE org = 'types-org' AND caught_up_at IS NOT NULL") == 1, "the cursor stored");
        }

        var membership = log.Append("group.user_membership.add");
        var lifecycle = log.Append("user.lifecycle.deactivate");
        settings["Okta:Orgs:types-org:Reconcile:EventTypes:1"] = "group.user_membership.add";
        await using var second = await RunningHookRelay.StartAsync(settings, dataDir: folder.Path);

        await Eventually.TrueAsync(() => StoreQueries.EventCount(second.DatabasePath) == 3, "the newly listed type read after the restart");
        Assert.Contains(membership.Uuid, StoreQueries.AllUuids(second.DatabasePath));
        Assert.Contains(lifecycle.Uuid, StoreQueries.AllUuids(second.DatabasePath));
    }

    [Fact]
    public async Task SeveralOrgs_AreReconciledEachIntoItsOwnHook()
    {
        var acme = SimulatorApp.Build("http://127.0.0.1:0", o => o.ApiToken = Token);
        var globex = SimulatorApp.Build("http://127.0.0.1:0", o => o.ApiToken = Token);
        await acme.StartAsync();
        await globex.StartAsync();
        await using var _ = acme;
        await using var __ = globex;
        var fromAcme = acme.Services.GetRequiredService<SimulatedSystemLog>().Append("user.lifecycle.create");
        var fromGlobex = globex.Services.GetRequiredService<SimulatedSystemLog>().Append("group.user_membership.add");
        var settings = Settings(acme, "acme-corp");
        foreach (var (key, value) in Settings(globex, "globex-corp"))
        {
            settings[key] = value;
        }

        settings["Okta:Orgs:acme-corp:Hooks:0"] = "acme";
        settings["Okta:Orgs:globex-corp:Hooks:0"] = "globex";
        settings["Hooks:acme:Secrets:0"] = "acme-secret-0123456789abcdef0123";
        settings["Hooks:globex:Secrets:0"] = "globex-secret-0123456789abcdef012";

        await using var server = await RunningHookRelay.StartAsync(settings, defaultHook: false);

        await Eventually.TrueAsync(() => StoreQueries.EventCount(server.DatabasePath) == 2, "one event from each org");
        Assert.Equal(1, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM events WHERE hook = 'acme' AND uuid = $u", ("$u", fromAcme.Uuid)));
        Assert.Equal(1, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM events WHERE hook = 'globex' AND uuid = $u", ("$u", fromGlobex.Uuid)));

        // A page's cursor is saved in the commit after its events: it may trail them by a moment.
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM okta_cursors WHERE org IN ('acme-corp', 'globex-corp')") == 2, "a cursor for each org");
    }

    private static Dictionary<string, string?> Settings(WebApplication okta, string org = "acme") => new()
    {
        [$"Okta:Orgs:{org}:Domain"] = okta.Urls.First(),
        [$"Okta:Orgs:{org}:ApiToken"] = Token,
        [$"Okta:Orgs:{org}:Hooks:0"] = "okta",
        [$"Okta:Orgs:{org}:Reconcile:Interval"] = "00:00:01",
    };
}

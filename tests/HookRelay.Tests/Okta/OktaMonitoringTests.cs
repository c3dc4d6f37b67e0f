using System.Net.Http.Json;
using System.Text.Json;
using HookRelay.Okta;
using HookRelay.Okta.EventHooks;
using HookRelay.Simulator;
using HookRelay.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using HookRelay.Tests.Sinks.Http;

namespace HookRelay.Tests.Okta;

/// <summary>What reconciliation tells the operator: missed events, Okta's delivery failures, org health.</summary>
public sealed class OktaMonitoringTests
{
    private const string Token = "00simulated-api-token-0123456789abcdef";

    [Fact]
    public async Task MissedEvents_CountOnlyWhenTheGraceWindowPassesWithoutAPush_ByTypeAndHour()
    {
        await using var okta = await StartOktaAsync();
        var log = okta.Services.GetRequiredService<SimulatedSystemLog>();
        var now = TimeProvider.System.GetUtcNow();
        var old = now.AddMinutes(-10);
        log.Append("user.lifecycle.create", published: old);
        log.Append("user.lifecycle.create", published: old.AddSeconds(1));
        log.Append("group.user_membership.add", published: old.AddSeconds(2));
        var recent = log.Append("user.lifecycle.deactivate", published: now);
        var pushed = log.Append("user.session.start", published: now);
        await using var server = await RunningHookRelay.StartAsync(Settings(okta, "missed-org"));
        using var missedMetric = new ServerMetrics(server, "hookrelay.okta.missed_events");

        (await server.PostAsync(OktaPayloads.Envelope([pushed.Json]))).Dispose();
        await Eventually.TrueAsync(() => StoreQueries.EventCount(server.DatabasePath) == 5, "every event pulled");

        var config = await ConfigFileAsync(server, okta, "missed-org");
        var org = await Eventually.ValueAsync(async () =>
        {
            var status = await HookRelayProcess.RunAsync(["reconcile", "status", "--json", "--data-dir", server.DataDir, "--config", config]);
            Assert.True(status.ExitCode == 0, status.Stderr);
            var report = Assert.Single(JsonDocument.Parse(status.Stdout).RootElement.GetProperty("orgs").EnumerateArray());
            return report.GetProperty("checkedUpTo").ValueKind == JsonValueKind.Null ? (JsonElement?)null : report;
        }, "a pass reached the end of the System Log");
        Assert.Equal(3, org.GetProperty("missed").GetInt64());
        Assert.Equal(1, org.GetProperty("awaitingPush").GetInt64());
        var byType = org.GetProperty("missedByType").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("count").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["user.lifecycle.create"] = 2, ["group.user_membership.add"] = 1 }, byType);
        var hour = Assert.Single(org.GetProperty("missedByHour").EnumerateArray());
        Assert.Equal(old.UtcDateTime.ToString("yyyy-MM-dd'T'HH':00Z'", System.Globalization.CultureInfo.InvariantCulture), hour.GetProperty("key").GetString());
        Assert.Equal(3, hour.GetProperty("count").GetInt64());
        Assert.DoesNotContain(recent.Uuid, byType.Keys);

        await Eventually.TrueAsync(
            () => missedMetric.Sum(("org", "missed-org"), ("event_type", "user.lifecycle.create")) == 2 && missedMetric.Sum(("org", "missed-org"), ("event_type", "group.user_membership.add")) == 1,
            "missed events counted by type once their grace window closed");
        Assert.Equal(3, missedMetric.Sum(("org", "missed-org")));
    }

    [Fact]
    public async Task DeliveryFailure_IsListedAndStartsAReconciliationPassAtOnce()
    {
        // Okta delivers to a receiver that answers 500 twice: it gives up and logs event_hook.delivery.
        await using var okta = await SimulatedOrg.StartAsync();
        await using var broken = await RecordingServer.StartAsync();
        broken.Reply = new ServerReply(500, "down");
        okta.Targets.Add(SimulatedOrg.Target(broken.Url));
        var settings = new Dictionary<string, string?>
        {
            ["Okta:Orgs:failures-org:Domain"] = okta.Url,
            ["Okta:Orgs:failures-org:ApiToken"] = SimulatedOrg.Token,
            ["Okta:Orgs:failures-org:Hooks:0"] = "okta",
            ["Okta:Orgs:failures-org:Reconcile:EventTypes:0"] = "user.*",
            ["Okta:Orgs:failures-org:Reconcile:Interval"] = "01:00:00",
            ["Okta:Orgs:failures-org:Reconcile:FailureCheckInterval"] = "00:00:01",

            // No hook check: which Okta hooks deliver to HookRelay is unknown, so every failure counts.
            ["Okta:Orgs:failures-org:HookCheckInterval"] = "00:00:00",
        };
        await using var server = await RunningHookRelay.StartAsync(settings);
        using var failuresMetric = new ServerMetrics(server, "hookrelay.okta.delivery_failures");
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM okta_cursors WHERE org = 'failures-org' AND caught_up_at IS NOT NULL") == 1, "the first pass done; the next is an hour away");

        var lost = Enumerable.Range(0, 3).Select(_ => okta.Log.Append("user.lifecycle.create").Uuid).ToHashSet();

        await Eventually.TrueAsync(() => lost.IsSubsetOf(StoreQueries.AllUuids(server.DatabasePath)), "the undelivered events backfilled long before the hourly pass");
        Assert.Equal(0, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM events WHERE event_type LIKE 'event_hook.%'"));
        var listed = await HookRelayProcess.RunAsync(["okta", "failures", "--json", "--data-dir", server.DataDir]);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        var row = Assert.Single(JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray());
        Assert.Equal(SimulatedOrg.HookId, row.GetProperty("hookId").GetString());
        Assert.Equal("Test receiver", row.GetProperty("hookName").GetString());
        Assert.Equal("failures-org", row.GetProperty("org").GetString());
        var text = await HookRelayProcess.RunAsync(["okta", "failures", "--data-dir", server.DataDir]);
        Assert.Contains("Test receiver", text.Stdout, StringComparison.Ordinal);
        var later = await HookRelayProcess.RunAsync(["okta", "failures", "--since", TimeProvider.System.GetUtcNow().AddMinutes(1).ToString("O"), "--data-dir", server.DataDir]);
        Assert.Contains("No failed deliveries", later.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, failuresMetric.Sum(("org", "failures-org")));
    }

    [Fact]
    public async Task DeliveryFailureOfAnotherEventHook_IsListedButStartsNoPass()
    {
        // The org has HookRelay's hook (checked: it delivers to /hooks/okta) and another, broken one.
        await using var okta = await SimulatedOrg.StartAsync();
        await using var broken = await RecordingServer.StartAsync();
        broken.Reply = new ServerReply(500, "down");
        okta.Targets.Add(SimulatedOrg.Target(broken.Url, id: "whoSomeoneElses00001"));
        var settings = new Dictionary<string, string?>
        {
            ["Okta:Orgs:other-org:Domain"] = okta.Url,
            ["Okta:Orgs:other-org:ApiToken"] = SimulatedOrg.Token,
            ["Okta:Orgs:other-org:Hooks:0"] = "okta",
            ["Okta:Orgs:other-org:Reconcile:EventTypes:0"] = "user.*",
            ["Okta:Orgs:other-org:Reconcile:Interval"] = "01:00:00",
            ["Okta:Orgs:other-org:Reconcile:FailureCheckInterval"] = "00:00:01",
            ["Okta:Orgs:other-org:HookCheckInterval"] = "00:00:01",
            ["Okta:MonitorInterval"] = "00:00:01",
        };
        await using var server = await RunningHookRelay.StartAsync(settings);
        var api = HooksApi(okta.Url, SimulatedOrg.Token);
        var ours = await api.CreateAsync(EventHooksApiTests.Hook(new Uri(server.BaseAddress, "/hooks/okta").ToString(), TestSecrets.Primary), CancellationToken.None);
        await api.DeactivateAsync(ours.Id!, CancellationToken.None);
        await Eventually.TrueAsync(async () => (await HookRelayProcess.RunAsync(["okta", "status", "--data-dir", server.DataDir])).Stdout.Contains($"({ours.Id}) is INACTIVE", StringComparison.Ordinal), "the hook check knows HookRelay's hook");

        var lost = okta.Log.Append("user.lifecycle.create").Uuid;

        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM okta_delivery_failures WHERE hook_id = 'whoSomeoneElses00001'") > 0, "the other hook's failure recorded");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(lost, StoreQueries.AllUuids(server.DatabasePath));
    }

    [Fact]
    public void DeliveryFailureEvent_ReadsTheHookAndReasonWithoutDependingOnDebugData()
    {
        var sample = FailureEvent(TimeProvider.System.GetUtcNow());
        sample["debugContext"] = null;
        using var document = JsonDocument.Parse(sample.ToJsonString());

        var failure = DeliveryFailureEvents.ReadFailure("acme", document.RootElement);

        Assert.NotNull(failure);
        Assert.Equal(("whoA7kQ2xN9pL4sT0h7d", "Acme provisioning receiver"), (failure.HookId, failure.HookName));
        Assert.Contains("read timed out", failure.Reason, StringComparison.Ordinal);
        sample["outcome"]!["result"] = "SUCCESS";
        using var success = JsonDocument.Parse(sample.ToJsonString());
        Assert.Null(DeliveryFailureEvents.ReadFailure("acme", success.RootElement));
    }

    [Fact]
    public async Task RevokedToken_MakesReadinessDegradedAndOktaStatusSaySo()
    {
        await using var okta = await StartOktaAsync();
        await using var server = await StartWatchingAsync(okta, "revoked-org", "ApiToken", "00revoked-token-0000000000000000000");

        var ready = await Eventually.ValueAsync(async () =>
        {
            using var response = await server.Client.GetAsync("/health/ready");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("status").GetString() == "Degraded" ? body : (JsonElement?)null;
        }, "readiness degraded");
        var okta401 = ready.GetProperty("checks").GetProperty("okta").GetProperty("description").GetString();
        Assert.Contains("revoked-org: credentials refused", okta401, StringComparison.Ordinal);
        Assert.Contains("E0000011", okta401, StringComparison.Ordinal);
        Assert.DoesNotContain("00revoked-token", okta401, StringComparison.Ordinal);

        var status = await HookRelayProcess.RunAsync(["okta", "status", "--data-dir", server.DataDir]);
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("NEEDS ATTENTION", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("credentials refused", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DailyCap_ReachedShowsInHealthAndStatus()
    {
        await using var okta = await StartOktaAsync();
        using var folder = new TempDirectory();
        await using (var first = await RunningHookRelay.StartAsync(dataDir: folder.Path))
        {
            // The store exists now; fill it with a day at Okta's cap.
        }

        SeedEvents(Path.Combine(folder.Path, "hookrelay.db"), OktaOrgHealth.DailyCap);
        await using var server = await RunningHookRelay.StartAsync(Settings(okta, "capped-org"), dataDir: folder.Path);

        var description = await Eventually.ValueAsync(async () =>
        {
            using var response = await server.Client.GetAsync("/health/ready");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("status").GetString() == "Degraded" ? body.GetProperty("checks").GetProperty("okta").GetProperty("description").GetString() : null;
        }, "readiness degraded by the cap");
        Assert.Contains("400,000 events in 24 h", description, StringComparison.Ordinal);
        Assert.Contains("reconciliation", description, StringComparison.Ordinal);
        var status = await HookRelayProcess.RunAsync(["okta", "status", "--json", "--data-dir", server.DataDir]);
        Assert.Equal(1, status.ExitCode);
        var org = Assert.Single(JsonDocument.Parse(status.Stdout).RootElement.EnumerateArray());
        Assert.Equal(OktaOrgHealth.DailyCap, org.GetProperty("eventsLast24Hours").GetInt64());
    }

    [Theory]
    [InlineData(279_999, null)]
    [InlineData(280_000, "past Okta's warning level")]
    [InlineData(400_000, "cap of 400,000 is reached")]
    public void DailyVolume_WarnsFrom280kAndReportsTheCapAt400k(long events, string? expected)
    {
        var health = new OktaOrgHealth("acme", TimeProvider.System.GetUtcNow(), TimeProvider.System.GetUtcNow(), null, true, events, null, [], null);

        if (expected is null)
        {
            Assert.Empty(health.Problems);
        }
        else
        {
            Assert.Contains(expected, Assert.Single(health.Problems), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ApiTokenUnusedFor26Days_IsReportedBeforeOktaExpiresIt()
    {
        await using var okta = await StartOktaAsync();
        using var folder = new TempDirectory();
        await using (await RunningHookRelay.StartAsync(dataDir: folder.Path))
        {
        }

        var lastUsed = TimeProvider.System.GetUtcNow().AddDays(-26);
        var saved = new OktaOrgHealth("idle-org", lastUsed, lastUsed, null, true, 0, null, [], null);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "hookrelay.db")};Pooling=False"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO okta_org_health (org, checked_at, report) VALUES ('idle-org', 0, $report);";
            insert.Parameters.AddWithValue("$report", JsonSerializer.Serialize(saved, OktaJsonContext.Default.OktaOrgHealth));
            insert.ExecuteNonQuery();
        }

        // Reconciliation off: nothing in HookRelay uses the token, so nothing refreshes it.
        var settings = Settings(okta, "idle-org");
        settings["Okta:Orgs:idle-org:Reconcile:Enabled"] = "false";
        await using var server = await RunningHookRelay.StartAsync(settings, dataDir: folder.Path);

        var description = await Eventually.ValueAsync(async () =>
        {
            using var response = await server.Client.GetAsync("/health/ready");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("status").GetString() == "Degraded" ? body.GetProperty("checks").GetProperty("okta").GetProperty("description").GetString() : null;
        }, "readiness degraded by the idle token");
        Assert.Contains("last used 26 days ago", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingOrUnverifiedEventHook_MakesReadinessDegradedUntilVerified()
    {
        await using var okta = await StartOktaAsync();
        await using var server = await StartWatchingAsync(okta, "hooks-org", "HookCheckInterval", "00:00:01");

        Assert.Contains("no Okta event hook delivers to HookRelay hook 'okta'", await DegradedAsync(server, "hooks-org: no Okta event hook"), StringComparison.Ordinal);

        var api = HooksApi(okta.Urls.First());
        var created = await api.CreateAsync(EventHooksApiTests.Hook(new Uri(server.BaseAddress, "/hooks/okta").ToString(), TestSecrets.Primary), CancellationToken.None);
        var unverified = await DegradedAsync(server, "UNVERIFIED");
        Assert.Contains($"({created.Id}) is UNVERIFIED", unverified, StringComparison.Ordinal);
        Assert.Contains($"hookrelay okta hooks verify {created.Id}", unverified, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await HookRelayProcess.RunAsync(["okta", "status", "--data-dir", server.DataDir])).Stdout.Contains("UNVERIFIED", StringComparison.Ordinal), "okta status shows the unverified hook");

        await api.VerifyAsync(created.Id!, CancellationToken.None);

        await Eventually.TrueAsync(async () => (await ReadinessAsync(server)).GetProperty("status").GetString() == "Healthy", "ready again once the hook is verified");
    }

    [Fact]
    public async Task AHookProblem_IsCheckedAgainWithinSeconds_NotAtTheNextInterval()
    {
        await using var okta = await StartOktaAsync();
        await using var server = await StartWatchingAsync(okta, "soon-org", "HookCheckInterval", "01:00:00");
        await DegradedAsync(server, "soon-org: no Okta event hook");

        var api = HooksApi(okta.Urls.First());
        var created = await api.CreateAsync(EventHooksApiTests.Hook(new Uri(server.BaseAddress, "/hooks/okta").ToString(), TestSecrets.Primary), CancellationToken.None);
        await api.VerifyAsync(created.Id!, CancellationToken.None);

        // The next regular check is an hour away; the problem's own re-check finds the hook.
        await Eventually.TrueAsync(
            async () => (await ReadinessAsync(server)).GetProperty("status").GetString() == "Healthy",
            "ready once the hook exists and is verified",
            HookHealthService.ProblemRecheck + TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task HealthyOrg_IsReadyAndStatusExitsZero()
    {
        await using var okta = await StartOktaAsync();
        await using var server = await StartWatchingAsync(okta, "fine-org", "HookCheckInterval", "00:00:01");
        var api = HooksApi(okta.Urls.First());
        var created = await api.CreateAsync(EventHooksApiTests.Hook(new Uri(server.BaseAddress, "/hooks/okta").ToString(), TestSecrets.Primary), CancellationToken.None);
        await api.VerifyAsync(created.Id!, CancellationToken.None);

        var status = await Eventually.ValueAsync(async () =>
        {
            var run = await HookRelayProcess.RunAsync(["okta", "status", "--data-dir", server.DataDir]);
            return run.Stdout.Contains("org fine-org: healthy", StringComparison.Ordinal) && run.Stdout.Contains("active and verified", StringComparison.Ordinal) ? run : ((int ExitCode, string Stdout, string Stderr)?)null;
        }, "assessed healthy with its hook checked");
        Assert.Equal(0, status.ExitCode);
        Assert.Equal("Healthy", (await ReadinessAsync(server)).GetProperty("status").GetString());
    }

    private static async Task<JsonElement> ReadinessAsync(RunningHookRelay server)
    {
        using var response = await server.Client.GetAsync("/health/ready");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A server watching <paramref name="org"/> on the simulated Okta, with one of the org's settings changed.</summary>
    private static Task<RunningHookRelay> StartWatchingAsync(WebApplication okta, string org, string setting, string value)
    {
        var settings = Settings(okta, org);
        settings[$"Okta:Orgs:{org}:{setting}"] = value;
        return RunningHookRelay.StartAsync(settings);
    }

    /// <summary>Okta's Event Hooks API of the org at <paramref name="domain"/>, as an admin would call it beside the server.</summary>
    private static EventHooksApi HooksApi(string domain, string token = Token) =>
        new(new OktaApiClient(new HttpClient(), new ApiTokenCredential(token), TimeProvider.System, NullLogger<OktaApiClient>.Instance), new Uri(domain));

    /// <summary>Waits until readiness is degraded with a description containing <paramref name="expected"/>; returns the description.</summary>
    private static Task<string> DegradedAsync(RunningHookRelay server, string expected) =>
        Eventually.ValueAsync(async () =>
        {
            var body = await ReadinessAsync(server);
            var description = body.GetProperty("checks").GetProperty("okta").GetProperty("description").GetString() ?? string.Empty;
            return body.GetProperty("status").GetString() == "Degraded" && description.Contains(expected, StringComparison.Ordinal) ? description : null;
        }, $"readiness degraded: {expected}");

    internal static async Task<WebApplication> StartOktaAsync()
    {
        var okta = SimulatorApp.Build("http://127.0.0.1:0", o => o.ApiToken = Token);
        await okta.StartAsync();
        return okta;
    }

    internal static Dictionary<string, string?> Settings(WebApplication okta, string org) => new()
    {
        [$"Okta:Orgs:{org}:Domain"] = okta.Urls.First(),
        [$"Okta:Orgs:{org}:ApiToken"] = Token,
        [$"Okta:Orgs:{org}:Hooks:0"] = "okta",
        [$"Okta:Orgs:{org}:Reconcile:Interval"] = "00:00:01",
        ["Okta:MonitorInterval"] = "00:00:01",
    };

    /// <summary>The same Okta settings as a file, for CLI commands run beside the server.</summary>
    private static async Task<string> ConfigFileAsync(RunningHookRelay server, WebApplication okta, string org)
    {
        var path = Path.Combine(server.DataDir, "okta-settings.json");
        var settings = Settings(okta, org);
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["Okta"] = new System.Text.Json.Nodes.JsonObject
            {
                ["Orgs"] = new System.Text.Json.Nodes.JsonObject
                {
                    [org] = new System.Text.Json.Nodes.JsonObject { ["Domain"] = settings[$"Okta:Orgs:{org}:Domain"], ["ApiToken"] = Token, ["Hooks"] = new System.Text.Json.Nodes.JsonArray("okta") },
                },
            },
        };
        await File.WriteAllTextAsync(path, json.ToJsonString());
        return path;
    }

    private static System.Text.Json.Nodes.JsonNode FailureEvent(DateTimeOffset published)
    {
        var sample = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Okta", "event-hook-delivery-failure.illustrative.json")))!;
        sample["uuid"] = Guid.NewGuid().ToString();
        sample["published"] = published.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return sample;
    }

    /// <summary>Rows straight into the events table: a full day of traffic without sending it.</summary>
    private static void SeedEvents(string databasePath, long count)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
            INSERT INTO events (uuid, uuid_derived, hook, event_type, published, published_at, received_at, delivery_id, json_offset, json_length, provenance)
            SELECT 'seed-' || i, 0, 'okta', 'user.session.start', NULL, $now - i, $now, 0, 0, 0, 1 FROM n;
            """;
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        command.Parameters.AddWithValue("$count", count);
        command.Parameters.AddWithValue("$now", now);
        command.ExecuteNonQuery();
    }
}

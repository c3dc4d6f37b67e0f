using System.Text.Json;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Sinks.Http;

namespace HookRelay.Tests.Admin;

/// <summary><c>GET /api/v1/okta</c> against the Okta simulator: health, reconciliation and Okta's logged delivery failures.</summary>
public sealed class AdminOktaTests
{
    [Fact]
    public async Task Okta_ShowsHealthReconciliationAndDeliveryFailuresOfEachOrg()
    {
        // Okta delivers to a receiver that answers 500: it gives up, logs event_hook.delivery, and
        // reconciliation brings the events back from the System Log.
        await using var okta = await SimulatedOrg.StartAsync();
        await using var broken = await RecordingServer.StartAsync();
        broken.Reply = new ServerReply(500, "down");
        okta.Targets.Add(SimulatedOrg.Target(broken.Url));
        await using var server = await AdminApi.StartAsync(new Dictionary<string, string?>
        {
            ["Okta:Orgs:api-org:Domain"] = okta.Url,
            ["Okta:Orgs:api-org:ApiToken"] = SimulatedOrg.Token,
            ["Okta:Orgs:api-org:Hooks:0"] = "okta",
            ["Okta:Orgs:api-org:Reconcile:EventTypes:0"] = "user.*",
            ["Okta:Orgs:api-org:Reconcile:Interval"] = "00:00:01",
            ["Okta:Orgs:api-org:Reconcile:FailureCheckInterval"] = "00:00:01",
            ["Okta:Orgs:api-org:Reconcile:GraceWindow"] = "00:00:01",
            ["Okta:Orgs:api-org:HookCheckInterval"] = "00:00:00",
            ["Okta:MonitorInterval"] = "00:00:01",
        });
        using var client = AdminApi.Client(server);
        var lost = Enumerable.Range(0, 3).Select(_ => okta.Log.Append("user.lifecycle.create").Uuid).ToHashSet();

        var org = await Eventually.ValueAsync(async () =>
        {
            var orgs = await AdminApi.GetJsonAsync(client, "/api/v1/okta");
            var report = Assert.Single(orgs.EnumerateArray());
            // A health check that ran before the events were appended counted fewer: wait for one after.
            var ready = report.GetProperty("health").ValueKind == JsonValueKind.Object
                && report.GetProperty("health").GetProperty("eventsLast24Hours").GetInt64() >= 3
                && report.GetProperty("deliveryFailures").GetArrayLength() > 0
                && report.GetProperty("reconciliation").GetProperty("missed").GetInt64() == 3;
            return ready ? (JsonElement?)report : null;
        }, "health saved with the events counted, the failure read and the lost events counted as missed", TimeSpan.FromSeconds(30));

        Assert.Equal("api-org", org.GetProperty("org").GetString());
        var health = org.GetProperty("health");
        Assert.Equal(JsonValueKind.Null, health.GetProperty("credentialProblem").ValueKind);
        Assert.True(health.GetProperty("usesApiToken").GetBoolean());
        var reconciliation = org.GetProperty("reconciliation");
        Assert.Equal(JsonValueKind.String, reconciliation.GetProperty("checkedUpTo").ValueKind);
        Assert.Equal(3, reconciliation.GetProperty("missedByType").EnumerateArray().Single(t => t.GetProperty("key").GetString() == "user.lifecycle.create").GetProperty("count").GetInt64());
        var failure = org.GetProperty("deliveryFailures")[0];
        Assert.Equal(SimulatedOrg.HookId, failure.GetProperty("hookId").GetString());
        var pulled = (await AdminApi.GetJsonAsync(client, "/api/v1/events?provenance=pull")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!);
        Assert.Equal(lost, pulled.ToHashSet());
    }

    [Fact]
    public async Task Okta_WithoutOrgs_IsAnEmptyList()
    {
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server);

        Assert.Equal(0, (await AdminApi.GetJsonAsync(client, "/api/v1/okta")).GetArrayLength());
    }
}

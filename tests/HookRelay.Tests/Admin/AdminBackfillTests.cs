using System.Net.Http.Json;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Admin;

/// <summary><c>POST /api/v1/okta/{org}/backfill</c>: a window of the System Log read and what was missing stored.</summary>
public sealed class AdminBackfillTests
{
    [Fact]
    public async Task Backfill_StoresTheWindowsMissingEvents_AndCountsWhatItRead()
    {
        await using var okta = await SimulatedOrg.StartAsync();
        await using var server = await AdminApi.StartAsync(Org(okta));
        using var client = AdminApi.Client(server);
        var logged = Enumerable.Range(0, 5).Select(_ => okta.Log.Append("user.lifecycle.create").Uuid).ToList();
        (await server.PostAsync(OktaPayloads.Envelope([OktaPayloads.Event(logged[0], "user.lifecycle.create")]))).Dispose();

        using var response = await client.PostAsJsonAsync("/api/v1/okta/acme/backfill", new { since = "1h" });
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.True(response.IsSuccessStatusCode, result.GetRawText());
        Assert.Equal((5, 4), (result.GetProperty("read").GetInt32(), result.GetProperty("backfilled").GetInt32()));
        var pulled = (await AdminApi.GetJsonAsync(client, "/api/v1/events?provenance=pull")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!).ToHashSet();
        Assert.Equal(logged.Skip(1).ToHashSet(), pulled);
    }

    [Fact]
    public async Task Backfill_StoredEvents_AreFoundByActorAndTarget()
    {
        await using var okta = await SimulatedOrg.StartAsync();
        await using var server = await AdminApi.StartAsync(Org(okta));
        using var client = AdminApi.Client(server);
        var when = TimeProvider.System.GetUtcNow().AddMinutes(-5);
        var published = when.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        okta.Log.AppendDocument("pulled-1", "group.user_membership.add", when, $$"""
            {"uuid":"pulled-1","published":"{{published}}","eventType":"group.user_membership.add",
             "actor":{"id":"00uadmin","type":"User","alternateId":"admin@example.com"},
             "target":[{"id":"00uerin","type":"User","alternateId":"erin@example.com"},{"id":"00gsales","type":"UserGroup","alternateId":"Sales"}]}
            """);

        using var response = await client.PostAsJsonAsync("/api/v1/okta/acme/backfill", new { since = "1h" });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        foreach (var query in new[] { "actor=admin%40example.com", "actor=00uadmin", "target=Sales", "target=00uerin", "actor=00uadmin&target=erin%40example.com&provenance=pull" })
        {
            var items = (await AdminApi.GetJsonAsync(client, "/api/v1/events?" + query)).GetProperty("items").EnumerateArray();
            Assert.Equal(["pulled-1"], items.Select(e => e.GetProperty("uuid").GetString()!));
        }
    }

    [Theory]
    [InlineData("nowhere", """{"since":"1h"}""", "org")]
    [InlineData("acme", """{}""", "since")]
    [InlineData("acme", """{"since":"yesterday-ish"}""", "since")]
    [InlineData("acme", """{"since":"30d"}""", "since")]
    [InlineData("acme", """{"since":"1h","until":"2h"}""", "until")]
    public async Task Backfill_WithBadParameters_Returns400NamingThem(string org, string json, string parameter)
    {
        await using var okta = await SimulatedOrg.StartAsync();
        await using var server = await AdminApi.StartAsync(Org(okta));
        using var client = AdminApi.Client(server);

        using var response = await client.PostAsync($"/api/v1/okta/{org}/backfill", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await AdminApi.AssertProblemAsync(response, 400, $"'{parameter}'");
    }

    internal static Dictionary<string, string?> Org(SimulatedOrg okta) => new()
    {
        ["Okta:Orgs:acme:Domain"] = okta.Url,
        ["Okta:Orgs:acme:ApiToken"] = SimulatedOrg.Token,
        ["Okta:Orgs:acme:Hooks:0"] = "okta",
        ["Okta:Orgs:acme:Reconcile:Enabled"] = "false",
        ["Okta:Orgs:acme:HookCheckInterval"] = "00:00:00",
    };
}

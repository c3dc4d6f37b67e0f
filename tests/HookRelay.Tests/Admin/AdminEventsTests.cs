using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Admin;

/// <summary><c>GET /api/v1/events</c> and <c>/api/v1/events/{uuid}</c> on the real server, with events Okta-style deliveries stored.</summary>
public sealed class AdminEventsTests
{
    [Fact]
    public async Task Events_PagedWithTheCursor_EveryEventOnceNewestFirst()
    {
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server);
        var uuids = new List<string>();
        for (var batch = 0; batch < 3; batch++)
        {
            // Several events share each second, so pages end inside ties.
            var events = Enumerable.Range(0, 9).Select(i => (Uuid: $"page-{(batch * 9) + i:D2}", Second: ((batch * 9) + i) / 4)).ToList();
            uuids.AddRange(events.Select(e => e.Uuid));
            (await server.PostAsync(OktaPayloads.Envelope(events.Select(e => OktaPayloads.Event(e.Uuid, published: $"2026-08-20T14:00:{e.Second:D2}.000Z"))))).Dispose();
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await AdminApi.GetJsonAsync(client, "/api/v1/events?limit=5" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(6, pages);
        Assert.Equal(27, seen.Count);
        Assert.Equal(uuids.ToHashSet(), seen.ToHashSet());
        // Newest first; within a second, the later stored first.
        Assert.Equal(["page-26", "page-25", "page-24", "page-23", "page-22", "page-21", "page-20"], seen.Take(7));
    }

    [Fact]
    public async Task Events_EachFilter_SelectsItsEvents()
    {
        await using var server = await AdminApi.StartAsync(new Dictionary<string, string?> { ["Hooks:second:Secrets:0"] = TestSecrets.Rotated });
        using var client = AdminApi.Client(server);
        (await server.PostAsync(OktaPayloads.Envelope(
        [
            Event("flt-1", "user.session.start", "2026-08-20T10:00:00.000Z", "alice@example.com", "00ua", """[{"id":"0oa1","alternateId":"Salesforce","type":"AppInstance"}]"""),
            Event("flt-2", "user.lifecycle.create", "2026-08-20T11:00:00.000Z", "bob@example.com", "00ub", """[{"id":"00uc","alternateId":"carol@example.com","type":"User"}]"""),
        ]))).Dispose();
        (await server.PostAsync(OktaPayloads.Envelope([Event("flt-3", "group.user_membership.add", "2026-08-20T12:00:00.000Z", "alice@example.com", "00ua", """[{"id":"00g1","type":"UserGroup"}]""")]), TestSecrets.Rotated, hook: "second")).Dispose();

        Assert.Equal(["flt-3", "flt-2", "flt-1"], await UuidsAsync(client, string.Empty));
        Assert.Equal(["flt-2", "flt-1"], await UuidsAsync(client, "type=user.*"));
        Assert.Equal(["flt-3"], await UuidsAsync(client, "hook=second"));
        Assert.Equal(["flt-3", "flt-1"], await UuidsAsync(client, "actor=alice%40example.com"));
        Assert.Equal(["flt-2"], await UuidsAsync(client, "actor=00ub"));
        Assert.Equal(["flt-1"], await UuidsAsync(client, "target=Salesforce"));
        Assert.Equal(["flt-3"], await UuidsAsync(client, "target=00g1"));
        Assert.Equal(["flt-2"], await UuidsAsync(client, "since=2026-08-20T10:30:00Z&until=2026-08-20T11:30:00Z"));
        Assert.Equal(["flt-3", "flt-2", "flt-1"], await UuidsAsync(client, "provenance=push"));
        Assert.Empty(await UuidsAsync(client, "provenance=pull"));
        Assert.Empty(await UuidsAsync(client, "since=1h"));
        var item = (await AdminApi.GetJsonAsync(client, "/api/v1/events?limit=1")).GetProperty("items")[0];
        Assert.Equal(("push", "second", "group.user_membership.add", "2026-08-20T12:00:00.000Z"), (item.GetProperty("provenance").GetString(), item.GetProperty("hook").GetString(), item.GetProperty("eventType").GetString(), item.GetProperty("published").GetString()));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2026-13-45", "until")]
    [InlineData("since=2026-08-20T12:00:00Z&until=2026-08-20T11:00:00Z", "until")]
    [InlineData("provenance=okta", "provenance")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Events_WithBadParameter_Returns400NamingIt(string query, string parameter)
    {
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server);

        using var response = await client.GetAsync("/api/v1/events?" + query);

        await AdminApi.AssertProblemAsync(response, 400, $"'{parameter}'");
    }

    [Fact]
    public async Task Event_GivesItsJsonAsStoredAndItsDeliveryToEachSink()
    {
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server);
        var json = Event("detail-1", "user.session.start", "2026-08-20T10:00:00.000Z", "alice@example.com", "00ua", "[]");
        (await server.PostAsync(OktaPayloads.Envelope([json], "envelope-detail-1"))).Dispose();

        var detail = await Eventually.ValueAsync(async () =>
        {
            var found = await AdminApi.GetJsonAsync(client, "/api/v1/events/detail-1");
            return found.GetProperty("deliveries")[0].GetProperty("state").GetString() == "delivered" ? (JsonElement?)found : null;
        }, "the archive sink delivered the event");

        Assert.Equal(("detail-1", "okta", "push", "envelope-detail-1"), (detail.GetProperty("uuid").GetString(), detail.GetProperty("hook").GetString(), detail.GetProperty("provenance").GetString(), detail.GetProperty("envelopeEventId").GetString()));
        Assert.Equal(json, detail.GetProperty("event").GetRawText());
        var delivery = Assert.Single(detail.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(("archive", 1), (delivery.GetProperty("sink").GetString(), delivery.GetProperty("attempts").GetInt32()));
        Assert.Equal(JsonValueKind.String, delivery.GetProperty("doneAt").ValueKind);
    }

    [Fact]
    public async Task Event_Unknown_Returns404Problem()
    {
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server);

        using var response = await client.GetAsync("/api/v1/events/no-such-event");

        await AdminApi.AssertProblemAsync(response, 404, "no-such-event");
    }

    private static async Task<List<string>> UuidsAsync(HttpClient client, string query) =>
        [.. (await AdminApi.GetJsonAsync(client, "/api/v1/events?" + query)).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!)];

    private static string Event(string uuid, string type, string published, string actorLogin, string actorId, string targets) =>
        $$"""{"uuid":"{{uuid}}","published":"{{published}}","eventType":"{{type}}","version":"0","severity":"INFO","actor":{"id":"{{actorId}}","type":"User","alternateId":"{{actorLogin}}"},"target":{{targets}}}""";
}

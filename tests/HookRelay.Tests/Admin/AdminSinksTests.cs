using System.Net.Http.Json;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Sinks.Http;

namespace HookRelay.Tests.Admin;

/// <summary><c>/api/v1/sinks</c>, <c>/deadletters</c> and <c>/replay</c> against an HTTP sink that refuses, then accepts.</summary>
public sealed class AdminSinksTests
{
    [Fact]
    public async Task DeadLetter_ListedThenReplayed_IsDelivered()
    {
        await using var receiver = await RecordingServer.StartAsync();
        receiver.Reply = new ServerReply(400, """{"error":"schema"}""");
        await using var server = await StartAsync(receiver);
        using var client = AdminApi.Client(server);
        var (body, uuids) = OktaPayloads.Fresh(2);
        (await server.PostAsync(body)).Dispose();

        var dead = await Eventually.ValueAsync(async () =>
        {
            var list = await AdminApi.GetJsonAsync(client, "/api/v1/deadletters?sink=siem");
            return list.GetArrayLength() == 2 ? (JsonElement?)list : null;
        }, "two dead letters");
        Assert.Equal(uuids.ToHashSet(), dead.EnumerateArray().Select(d => d.GetProperty("uuid").GetString()!).ToHashSet());
        Assert.All(dead.EnumerateArray(), d => Assert.Contains("400", d.GetProperty("lastError").GetString(), StringComparison.Ordinal));
        var siem = Assert.Single((await AdminApi.GetJsonAsync(client, "/api/v1/sinks")).EnumerateArray());
        Assert.Equal(("siem", 2), (siem.GetProperty("sink").GetString(), siem.GetProperty("dead").GetInt32()));
        var detail = await AdminApi.GetJsonAsync(client, $"/api/v1/events/{uuids[0]}");
        Assert.Equal("dead", detail.GetProperty("deliveries")[0].GetProperty("state").GetString());

        receiver.Reply = new ServerReply(204);
        using var replay = await client.PostAsJsonAsync("/api/v1/replay", new { sink = "SIEM", uuid = uuids[0], deadLettersOnly = true });
        var queued = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;

        Assert.True(replay.IsSuccessStatusCode, queued.GetRawText());
        Assert.Equal(("siem", 1), (queued.GetProperty("sink").GetString(), queued.GetProperty("queued").GetInt32()));
        await Eventually.TrueAsync(async () => (await AdminApi.GetJsonAsync(client, $"/api/v1/events/{uuids[0]}")).GetProperty("deliveries")[0].GetProperty("state").GetString() == "delivered", "the replayed dead letter delivered");
        var left = await AdminApi.GetJsonAsync(client, "/api/v1/deadletters");
        Assert.Equal(uuids[1], Assert.Single(left.EnumerateArray()).GetProperty("uuid").GetString());
        Assert.Contains(receiver.Requests, r => System.Text.Encoding.UTF8.GetString(r.Body.Span).Contains(uuids[0], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"sink":"nowhere"}""", "sink", "siem")]
    [InlineData("""{"deadLettersOnly":true}""", "sink", "siem")]
    [InlineData("""{"sink":"siem","since":"last tuesday"}""", "since", "ISO-8601")]
    [InlineData("""{"sink":"siem","until":"soon"}""", "until", "ISO-8601")]
    public async Task Replay_WithBadSelection_Returns400NamingIt(string json, string parameter, string hint)
    {
        await using var receiver = await RecordingServer.StartAsync();
        await using var server = await StartAsync(receiver);
        using var client = AdminApi.Client(server);

        using var response = await client.PostAsync("/api/v1/replay", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await AdminApi.AssertProblemAsync(response, 400, $"'{parameter}'");
        Assert.Contains(hint, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_WithMalformedBody_Returns400()
    {
        await using var receiver = await RecordingServer.StartAsync();
        await using var server = await StartAsync(receiver);
        using var client = AdminApi.Client(server);

        using var response = await client.PostAsync("/api/v1/replay", new StringContent("{\"sink\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task DeadLetters_WithBadLimit_Returns400NamingIt()
    {
        await using var receiver = await RecordingServer.StartAsync();
        await using var server = await StartAsync(receiver);
        using var client = AdminApi.Client(server);

        using var response = await client.GetAsync("/api/v1/deadletters?limit=-1");

        await AdminApi.AssertProblemAsync(response, 400, "'limit'");
    }

    [Fact]
    public async Task Replay_PostedAsAForm_IsRefusedWithoutQueuingAnything()
    {
        // What a page on another site can make a browser send without asking: a form post. Only
        // JSON is read, and a cross-site JSON post needs a preflight this server never grants.
        await using var receiver = await RecordingServer.StartAsync();
        await using var server = await StartAsync(receiver);
        using var client = AdminApi.Client(server);

        using var response = await client.PostAsync("/api/v1/replay", new FormUrlEncodedContent(new Dictionary<string, string> { ["sink"] = "siem" }));

        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private static Task<RunningHookRelay> StartAsync(RecordingServer receiver) =>
        AdminApi.StartAsync(new Dictionary<string, string?>
        {
            ["Sinks:siem:Type"] = "http",
            ["Sinks:siem:Url"] = receiver.Url.ToString(),
            ["Sinks:siem:Timeout"] = "00:00:02",
            ["Routes:0:Sinks:0"] = "siem",
        });
}

using System.Net.Http.Json;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Admin;

/// <summary><c>/api/v1/okta/{org}/backfill</c>: a window of the System Log read in the background and what was missing stored.</summary>
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

        var result = await BackfillAsync(client, new { since = "1h" });

        Assert.Equal("done", result.GetProperty("state").GetString());
        Assert.Equal((5, 4), (result.GetProperty("read").GetInt32(), result.GetProperty("backfilled").GetInt32()));
        var pulled = (await AdminApi.GetJsonAsync(client, "/api/v1/events?provenance=pull")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!).ToHashSet();
        Assert.Equal(logged.Skip(1).ToHashSet(), pulled);
        var org = (await AdminApi.GetJsonAsync(client, "/api/v1/okta"))[0];
        Assert.Equal(("done", 4), (org.GetProperty("backfill").GetProperty("state").GetString(), org.GetProperty("backfill").GetProperty("backfilled").GetInt32()));
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

        Assert.Equal("done", (await BackfillAsync(client, new { since = "1h" })).GetProperty("state").GetString());
        foreach (var query in new[] { "actor=admin%40example.com", "actor=00uadmin", "target=Sales", "target=00uerin", "actor=00uadmin&target=erin%40example.com&provenance=pull" })
        {
            var items = (await AdminApi.GetJsonAsync(client, "/api/v1/events?" + query)).GetProperty("items").EnumerateArray();
            Assert.Equal(["pulled-1"], items.Select(e => e.GetProperty("uuid").GetString()!));
        }
    }

    [Fact]
    public async Task Backfill_RunsInTheBackground_OneAtATimePerOrg_AndSaysHowFarItGot()
    {
        // One /logs request per 3 s: the window's two pages take at least one wait for the budget.
        await using var okta = await SlowOrgAsync(1_001, TimeSpan.FromSeconds(3));
        await using var server = await AdminApi.StartAsync(Org(okta));
        using var client = AdminApi.Client(server);

        using (var started = await client.PostAsJsonAsync("/api/v1/okta/acme/backfill", new { since = "1h" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
            Assert.Equal("/api/v1/okta/acme/backfill", started.Headers.Location?.OriginalString);
            var status = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("running", status.GetProperty("state").GetString());
        }

        using (var again = await client.PostAsJsonAsync("/api/v1/okta/acme/backfill", new { since = "2h" }))
        {
            await AdminApi.AssertProblemAsync(again, 409, "already running");
        }

        // Okta:Orgs names match in any case: the same org, the same backfill.
        using (var again = await client.PostAsJsonAsync("/api/v1/okta/ACME/backfill", new { since = "2h" }))
        {
            await AdminApi.AssertProblemAsync(again, 409, "already running");
        }

        Assert.Equal("running", (await AdminApi.GetJsonAsync(client, "/api/v1/okta/Acme/backfill")).GetProperty("state").GetString());
        var progress = await AdminApi.GetJsonAsync(client, "/api/v1/okta/acme/backfill");
        Assert.Equal("running", progress.GetProperty("state").GetString());
        Assert.InRange(progress.GetProperty("read").GetInt32(), 0, 1_000);

        var done = await WaitForEndAsync(client);
        Assert.Equal(("done", 1_001, 1_001), (done.GetProperty("state").GetString(), done.GetProperty("read").GetInt32(), done.GetProperty("backfilled").GetInt32()));
        Assert.Equal(JsonValueKind.String, done.GetProperty("finishedAt").ValueKind);
    }

    [Fact]
    public async Task Backfill_StartedOnOneInstance_IsShownAndGuardedByTheOtherOnTheSameDatabase()
    {
        // One /logs request per 3 s: the window's two pages take at least one wait for the budget.
        await using var okta = await SlowOrgAsync(1_001, TimeSpan.FromSeconds(3));
        var cluster = await PostgresCluster.SharedAsync();
        var settings = Org(okta);
        settings["Storage:Provider"] = "postgres";
        settings["Storage:ConnectionString"] = await cluster.CreateDatabaseAsync();
        await using var first = await AdminApi.StartAsync(settings);
        await using var second = await AdminApi.StartAsync(settings);
        using var firstClient = AdminApi.Client(first);
        using var secondClient = AdminApi.Client(second);

        await StartAsync(firstClient, new { since = "1h" });

        Assert.Equal("running", (await AdminApi.GetJsonAsync(secondClient, "/api/v1/okta/acme/backfill")).GetProperty("state").GetString());
        using (var again = await secondClient.PostAsJsonAsync("/api/v1/okta/acme/backfill", new { since = "2h" }))
        {
            await AdminApi.AssertProblemAsync(again, 409, "already running");
        }

        var done = await WaitForEndAsync(secondClient);
        Assert.Equal(("done", 1_001, 1_001), (done.GetProperty("state").GetString(), done.GetProperty("read").GetInt32(), done.GetProperty("backfilled").GetInt32()));
        var org = (await AdminApi.GetJsonAsync(secondClient, "/api/v1/okta"))[0];
        Assert.Equal("done", org.GetProperty("backfill").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Backfill_WhoseInstanceStopped_ShowsFailed_AndAnotherMayStart()
    {
        await using var okta = await SimulatedOrg.StartAsync();
        await using var server = await AdminApi.StartAsync(Org(okta));
        using var client = AdminApi.Client(server);
        okta.Log.Append("user.session.start");
        // A backfill some instance started and stopped vouching for a minute ago, as it left it.
        var now = DateTimeOffset.UtcNow;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.DatabasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO okta_backfills (org, job, status, lease_until, updated_at) VALUES ('acme', 'gone', $status, $lease, $lease);";
            command.Parameters.AddWithValue("$status", $$"""
                {"org":"acme","since":"{{now.AddHours(-3):O}}","until":"{{now.AddHours(-2):O}}","state":"running","read":7,"backfilled":2,"startedAt":"{{now.AddMinutes(-5):O}}","finishedAt":null,"error":null}
                """);
            command.Parameters.AddWithValue("$lease", now.AddMinutes(-1).ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }

        var stale = await AdminApi.GetJsonAsync(client, "/api/v1/okta/acme/backfill");
        Assert.Equal(("failed", 7), (stale.GetProperty("state").GetString(), stale.GetProperty("read").GetInt32()));
        Assert.Contains("instance running it stopped", stale.GetProperty("error").GetString(), StringComparison.Ordinal);

        var result = await BackfillAsync(client, new { since = "1h" });
        Assert.Equal(("done", 1), (result.GetProperty("state").GetString(), result.GetProperty("backfilled").GetInt32()));
    }

    [Fact]
    public async Task Backfill_TakenOverByAnotherInstance_StopsReading()
    {
        // One /logs request a second, 1,000 events a page: seven pages take seven seconds.
        await using var okta = await SlowOrgAsync(6_001, TimeSpan.FromSeconds(1));
        await using var server = await AdminApi.StartAsync(Org(okta));
        using var client = AdminApi.Client(server);

        await StartAsync(client, new { since = "1h" });

        await Eventually.TrueAsync(
            async () => (await AdminApi.GetJsonAsync(client, "/api/v1/okta/acme/backfill")).GetProperty("read").GetInt32() >= 1_000,
            "the backfill reads its first page");
        // What another instance writes when it starts a backfill of the org after this one's lease passed.
        Sqlite(server, "UPDATE okta_backfills SET job = 'elsewhere', lease_until = $lease WHERE org = 'acme';", DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeMilliseconds());

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // its next progress write (each second) finds the org taken
        var stopped = Sqlite(server, "SELECT COUNT(*) FROM events WHERE provenance = 2;");
        await Task.Delay(TimeSpan.FromSeconds(3)); // three more pages, had it gone on
        Assert.Equal(stopped, Sqlite(server, "SELECT COUNT(*) FROM events WHERE provenance = 2;"));
        Assert.InRange(stopped, 1_000, 5_000);
    }

    private static long Sqlite(RunningHookRelay server, string sql, long? lease = null)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (lease is not null)
        {
            command.Parameters.AddWithValue("$lease", lease);
        }

        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Backfill_ThatOktaRefuses_EndsFailed_SayingWhy()
    {
        await using var okta = await SimulatedOrg.StartAsync();
        var settings = Org(okta);
        settings["Okta:Orgs:acme:ApiToken"] = "00not-the-simulated-token-0123456789";
        await using var server = await AdminApi.StartAsync(settings);
        using var client = AdminApi.Client(server);
        okta.Log.Append("user.session.start");

        var result = await BackfillAsync(client, new { since = "1h" });

        Assert.Equal("failed", result.GetProperty("state").GetString());
        Assert.Contains("Reading the System Log failed", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, result.GetProperty("backfilled").GetInt32());
    }

    [Fact]
    public async Task BackfillStatus_BeforeAnyBackfill_Is404()
    {
        await using var okta = await SimulatedOrg.StartAsync();
        await using var server = await AdminApi.StartAsync(Org(okta));
        using var client = AdminApi.Client(server);

        using var none = await client.GetAsync("/api/v1/okta/acme/backfill");
        using var unknown = await client.GetAsync("/api/v1/okta/nowhere/backfill");

        await AdminApi.AssertProblemAsync(none, 404, "No backfill of acme");
        await AdminApi.AssertProblemAsync(unknown, 400, "'org'");
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

    /// <summary>Starts a backfill of acme (202) and waits for it to end: its last status.</summary>
    internal static async Task<JsonElement> BackfillAsync(HttpClient client, object body)
    {
        await StartAsync(client, body);
        return await WaitForEndAsync(client);
    }

    /// <summary>Starts a backfill of acme: 202.</summary>
    private static async Task StartAsync(HttpClient client, object body)
    {
        using var started = await client.PostAsJsonAsync("/api/v1/okta/acme/backfill", body);
        Assert.True(started.StatusCode == System.Net.HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> WaitForEndAsync(HttpClient client)
    {
        var status = default(JsonElement);
        await Eventually.TrueAsync(
            async () => (status = await AdminApi.GetJsonAsync(client, "/api/v1/okta/acme/backfill")).GetProperty("state").GetString() != "running",
            "the backfill ends");
        return status;
    }

    /// <summary>An org whose System Log holds <paramref name="events"/> sign-ins, read one page (1,000) per <paramref name="window"/>.</summary>
    private static async Task<SimulatedOrg> SlowOrgAsync(int events, TimeSpan window)
    {
        var okta = await SimulatedOrg.StartAsync(o => { o.LogsRequestsPerWindow = 1; o.RateLimitWindow = window; });
        for (var i = 0; i < events; i++)
        {
            okta.Log.Append("user.session.start");
        }

        return okta;
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

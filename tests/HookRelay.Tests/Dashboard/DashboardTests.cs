using System.Globalization;
using System.Runtime.CompilerServices;
using HookRelay.Tests.Admin;
using HookRelay.Tests.Browser;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Sinks.Http;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace HookRelay.Tests.Dashboard;

/// <summary>
/// The dashboard in real headless Chromium against a real server: the overview while the Okta
/// simulator delivers, the event explorer, and a dead letter replayed from the page.
/// Screenshots of each page go to the test artifacts (see ./test.sh's last lines).
/// </summary>
public sealed class DashboardTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Overview_WhileOktaDelivers_CountersMove_OnALaptopAndAPhone()
    {
        await using var server = await RunningHookRelay.StartAsync();
        await using var okta = await SimulatedOrg.StartAsync(
            o => o.Traffic.EventsPerSecond = 40,
            SimulatedOrg.Target(new Uri(server.BaseAddress, "/hooks/okta"), TestSecrets.Primary));

        await using var browser = await HeadlessChromium.OpenPageAsync();
        await browser.Page.GotoAsync(server.BaseAddress.ToString());
        var received = browser.Page.Locator("#card-received .figure");
        var first = await Eventually.ValueAsync(async () => Count(await received.TextContentAsync()) is > 0 and var n ? n : (long?)null, "events counted on the overview", TimeSpan.FromSeconds(20));
        output.WriteLine(await browser.ScreenshotAsync("overview"));

        // The page refreshes itself: no reload.
        await Eventually.TrueAsync(async () => Count(await received.TextContentAsync()) > first, "the received counter moving", TimeSpan.FromSeconds(20));
        await Expect(browser.Page.Locator("#chart rect")).ToHaveCountAsync(60);
        await Expect(browser.Page.Locator("#chart-scale")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Top of the chart: [1-9][\d,]* events a minute"));
        await Expect(browser.Page.Locator("#sinks tbody tr")).ToHaveCountAsync(1);
        await Expect(browser.Page.Locator("#sinks tbody tr td").First).ToHaveTextAsync("archive");
        await Expect(browser.Page.Locator("#card-ack .figure")).ToContainTextAsync(" ms");
        await Expect(browser.Page.Locator("#card-ack")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("red"));

        await using var phone = await HeadlessChromium.OpenPageAsync(Screen.Phone);
        await phone.Page.GotoAsync(server.BaseAddress.ToString());
        await Expect(phone.Page.Locator("#card-received .figure")).Not.ToHaveTextAsync("–");
        var width = await phone.Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the overview is {width} px wide on a 390 px phone");
        output.WriteLine(await phone.ScreenshotAsync("overview-phone"));
    }

    [Fact]
    public async Task Explorer_FindsAnEventByType_AndShowsItsJsonAndDeliveries()
    {
        await using var server = await RunningHookRelay.StartAsync();
        var wanted = Guid.NewGuid().ToString();
        var body = OktaPayloads.Envelope([
            OktaPayloads.Event(Guid.NewGuid().ToString(), "user.session.start"),
            OktaPayloads.Event(wanted, "group.user_membership.add"),
            OktaPayloads.Event(Guid.NewGuid().ToString(), "user.lifecycle.create")]);
        (await server.PostAsync(body)).Dispose();

        await using var browser = await HeadlessChromium.OpenPageAsync();
        await browser.Page.GotoAsync(new Uri(server.BaseAddress, "/events").ToString());
        await Expect(browser.Page.Locator("#event-list tbody tr")).ToHaveCountAsync(3);
        await browser.Page.FillAsync("#search [name=type]", "group.*");
        await browser.Page.ClickAsync("#search button");
        var rows = browser.Page.Locator("#event-list tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(wanted);

        // The search is in the address: opened in another tab, it runs again; so does a bookmark of the script-built dashboard.
        Assert.EndsWith("/events?type=group.*", Uri.UnescapeDataString(browser.Page.Url), StringComparison.Ordinal);
        foreach (var address in new[] { browser.Page.Url, new Uri(server.BaseAddress, "/#/events?type=group.*").ToString() })
        {
            await using var shared = await HeadlessChromium.OpenPageAsync();
            await shared.Page.GotoAsync(address);
            await Expect(shared.Page.Locator("#search [name=type]")).ToHaveValueAsync("group.*");
            await Expect(shared.Page.Locator("#event-list tbody tr")).ToHaveCountAsync(1);
        }

        // Only the dashboard's own pages: a hash naming another host does not take the browser there.
        await using (var crafted = await HeadlessChromium.OpenPageAsync())
        {
            await crafted.Page.GotoAsync(new Uri(server.BaseAddress, "/#//127.0.0.1:9/elsewhere").ToString());
            await crafted.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.StartsWith(server.BaseAddress.ToString(), crafted.Page.Url, StringComparison.Ordinal);
            await Expect(crafted.Page.Locator("#overview")).ToHaveCountAsync(1);
        }

        await rows.First.Locator("a").First.ClickAsync();
        await Expect(browser.Page.Locator("#detail-json")).ToContainTextAsync($"\"uuid\": \"{wanted}\"");
        await Expect(browser.Page.Locator("#detail-deliveries tbody tr td").First).ToHaveTextAsync("archive");
        output.WriteLine(await browser.ScreenshotAsync("event-json"));
    }

    [Fact]
    public async Task DeadLetter_ReplayedFromThePage_IsDelivered_WithAnAdminToken()
    {
        await using var siem = await RecordingServer.StartAsync();
        await using var server = await StartWithDeadLettersAsync(siem);
        var uuids = await DeadLettersAsync(server, 2);
        using var api = AdminApi.Client(server);
        await using var browser = await OpenDeadLettersPageAsync(server);
        var rows = browser.Page.Locator("#dead tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        output.WriteLine(await browser.ScreenshotAsync("dead-letters"));

        // The SIEM takes 2.5 s to accept: long enough to see the page follow the replayed letter.
        siem.Reply = new ServerReply(204, Delay: TimeSpan.FromSeconds(2.5));
        await rows.Filter(new LocatorFilterOptions { HasText = uuids[0] }).Locator("button").ClickAsync();
        var notice = browser.Page.Locator("#notice");
        await Expect(notice).ToHaveTextAsync($"{uuids[0]} is queued for siem again; this page follows it until it is delivered.");
        await Expect(browser.Page.Locator("#deadletters[data-refresh]")).ToHaveCountAsync(1);
        output.WriteLine(await browser.ScreenshotAsync("dead-letters-replayed"));

        // The page follows it until it is delivered, then stops refreshing.
        await Expect(notice).ToHaveTextAsync($"{uuids[0]} was delivered to siem.", new LocatorAssertionsToHaveTextOptions { Timeout = 15_000 });
        await Expect(browser.Page.Locator("#deadletters[data-refresh]")).ToHaveCountAsync(0);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(uuids[1]);
        Assert.Equal("delivered", (await AdminApi.GetJsonAsync(api, $"/api/v1/events/{uuids[0]}")).GetProperty("deliveries")[0].GetProperty("state").GetString());
        output.WriteLine(await browser.ScreenshotAsync("dead-letters-after-replay"));
    }

    [Fact]
    public async Task DeadLetters_AreListedFiftyAtATime_NewestFirst()
    {
        await using var siem = await RecordingServer.StartAsync();
        await using var server = await StartWithDeadLettersAsync(siem);
        await DeadLettersAsync(server, 60);
        await using var browser = await OpenDeadLettersPageAsync(server);

        var rows = browser.Page.Locator("#dead tbody tr");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(browser.Page.Locator("#dead-shown")).ToHaveTextAsync("The 50 newest dead letters; there are more.");
        await browser.Page.ClickAsync("#dead-more");
        await Expect(rows).ToHaveCountAsync(60);
        await Expect(browser.Page.Locator("#dead-shown")).ToHaveTextAsync("The 60 newest dead letters.");
        await Expect(browser.Page.Locator("#dead-more")).ToBeHiddenAsync();
    }

    /// <summary>A server with Admin:Tokens whose one sink, <paramref name="siem"/>, refuses every batch (400: dead letters at once) until told otherwise.</summary>
    private static Task<RunningHookRelay> StartWithDeadLettersAsync(RecordingServer siem)
    {
        siem.Reply = new ServerReply(400, """{"error":"schema"}""");
        return AdminApi.StartAsync(new Dictionary<string, string?>
        {
            ["Sinks:siem:Type"] = "http",
            ["Sinks:siem:Url"] = siem.Url.ToString(),
            ["Sinks:siem:Timeout"] = "00:00:05",
            ["Routes:0:Sinks:0"] = "siem",
        });
    }

    /// <summary>Delivers <paramref name="count"/> new events and waits until each is a dead letter; their uuids.</summary>
    private static async Task<IReadOnlyList<string>> DeadLettersAsync(RunningHookRelay server, int count)
    {
        var (body, uuids) = OktaPayloads.Fresh(count);
        (await server.PostAsync(body)).Dispose();
        using var api = AdminApi.Client(server);
        await Eventually.TrueAsync(async () => (await AdminApi.GetJsonAsync(api, "/api/v1/deadletters")).GetArrayLength() == count, $"{count} dead letters");
        return uuids;
    }

    /// <param name="test">The calling test, which names the screenshots.</param>
    private static async Task<BrowserPage> OpenDeadLettersPageAsync(RunningHookRelay server, [CallerMemberName] string test = "")
    {
        var browser = await HeadlessChromium.OpenPageAsync(test: test);
        await browser.Page.GotoAsync(new Uri(server.BaseAddress, "/deadletters").ToString());
        // The server has Admin:Tokens: the browser signs in first, then comes back to the page.
        await browser.Page.FillAsync("#token", AdminApi.Token);
        await browser.Page.ClickAsync("#sign-in button");
        await browser.Page.WaitForURLAsync(new Uri(server.BaseAddress, "/deadletters").ToString());
        return browser;
    }

    [Fact]
    public async Task Okta_BackfillThisWindow_StoresWhatOktaNeverDelivered()
    {
        await using var okta = await SimulatedOrg.StartAsync();
        var settings = AdminBackfillTests.Org(okta);
        settings["Okta:Orgs:acme:Reconcile:GraceWindow"] = "00:00:01";
        await using var server = await RunningHookRelay.StartAsync(settings);
        var missing = Enumerable.Range(0, 3).Select(_ => okta.Log.Append("user.lifecycle.create").Uuid).ToList();

        await using var browser = await HeadlessChromium.OpenPageAsync();
        await browser.Page.GotoAsync(new Uri(server.BaseAddress, "/okta").ToString());
        await browser.Page.ClickAsync("#orgs .backfill button");

        await Expect(browser.Page.Locator("#orgs .backfill output")).ToHaveTextAsync("3 events in the window; 3 were missing and are now stored.");
        output.WriteLine(await browser.ScreenshotAsync("okta-backfill"));

        // Pushed by nobody within the grace window (1 s here), they count as missed, in their hour.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await browser.Page.ReloadAsync();
        await Expect(browser.Page.Locator("#orgs .missed tbody tr")).Not.ToHaveCountAsync(0);
        await Expect(browser.Page.Locator("#orgs .missed tbody")).ToContainTextAsync("3");
        await Expect(browser.Page.Locator("#orgs .missed-types tbody tr")).ToHaveTextAsync("user.lifecycle.create3");
        await Expect(browser.Page.Locator("#orgs .org")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Recovered [\d.]+ s after publication \(median\)"));
        await Expect(browser.Page.Locator("#orgs .org")).ToContainTextAsync("Missed by push and recovered: 3 published in the last 24 h");
        output.WriteLine(await browser.ScreenshotAsync("okta-missed"));

        // The overview's card is the Okta page's figure, summed over orgs.
        await browser.Page.GotoAsync(server.BaseAddress.ToString());
        await Expect(browser.Page.Locator("#card-recovered .figure")).ToHaveTextAsync("3");
        await browser.Page.GotoAsync(new Uri(server.BaseAddress, "/events").ToString());
        await browser.Page.SelectOptionAsync("#search [name=provenance]", "pull");
        await browser.Page.ClickAsync("#search button");
        await Expect(browser.Page.Locator("#event-list tbody tr")).ToHaveCountAsync(3);
    }

    private static long Count(string? figure) =>
        long.TryParse(figure?.Replace(",", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}

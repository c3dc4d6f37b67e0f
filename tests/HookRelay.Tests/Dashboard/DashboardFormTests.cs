using System.Net;
using HookRelay.Tests.Admin;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Dashboard;

/// <summary>The Okta page's backfill form over HTTP, as a browser posts it from the page.</summary>
public sealed class DashboardFormTests
{
    [Fact]
    public async Task Backfill_StartsAndIsFollowed_ASecondIsRefusedBesideTheOrg_WithoutRefreshingTheFormsAddress()
    {
        // One /logs request per 3 s: the window's two pages keep the backfill running for seconds.
        await using var okta = await SimulatedOrg.StartAsync(o => { o.LogsRequestsPerWindow = 1; o.RateLimitWindow = TimeSpan.FromSeconds(3); });
        await using var server = await RunningHookRelay.StartAsync(AdminBackfillTests.Org(okta));
        for (var i = 0; i < 1_001; i++)
        {
            okta.Log.Append("user.session.start");
        }

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        using var started = await browser.SendAsync(Backfill("acme", "1h"));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("/okta", started.Headers.Location?.OriginalString);
        var following = await browser.GetStringAsync("/okta");
        Assert.Contains("data-refresh=\"1000\"", following, StringComparison.Ordinal);
        Assert.Contains("Reading the System Log", following, StringComparison.Ordinal);

        using var again = await browser.SendAsync(Backfill("acme", "2h"));
        var refused = await again.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("A backfill of acme is already running", refused, StringComparison.Ordinal);
        // This page's address is the form's: refreshing it would be a GET the server does not answer.
        Assert.Contains("<section id=\"okta\" data-loaded>", refused, StringComparison.Ordinal);

        // The org's name in another case (Okta:Orgs matches any): refused all the same, the reason beside acme's form.
        using var shouted = await browser.SendAsync(Backfill("ACME", "2h"));
        Assert.Equal(HttpStatusCode.Conflict, shouted.StatusCode);
        Assert.Contains("A backfill of acme is already running", await shouted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var unknown = await browser.SendAsync(Backfill("nope", "1h"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("No org named &#x27;nope&#x27; under Okta:Orgs.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Backfill(string org, string since)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/okta/{org}/backfill")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["since"] = since, ["until"] = "" }),
        };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        return request;
    }
}

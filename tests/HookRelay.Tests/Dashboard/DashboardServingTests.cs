using System.Net;
using System.Text.RegularExpressions;
using HookRelay.Tests.Admin;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Dashboard;

/// <summary>
/// How the dashboard is served, over HTTP: each page rendered on the server with its data in it,
/// carrying its styles and script allowed by hash; sign-in for a cookie when the server has admin
/// tokens; forms only from its own pages; clear pages for bad searches and a store that is down.
/// </summary>
public sealed class DashboardServingTests
{
    private const string SameOriginForm = "same-origin";

    [Theory]
    [InlineData("/")]
    [InlineData("/events")]
    [InlineData("/deadletters")]
    [InlineData("/okta")]
    public async Task EachPage_CarriesItsStylesAndScript_AllowedByHash_AndIsNotStored(string path)
    {
        await using var server = await RunningHookRelay.StartAsync();

        using var page = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore, "a page shows live figures: never from a cache");
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain(" src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"stylesheet\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);

        // The policy allows exactly the page's one style and one script element, nothing else inline.
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(Hash(Inline("style").Match(html)), Directive("style-src").Match(policy).Groups["hash"].Value);
        Assert.Equal(Hash(Inline("script").Match(html)), Directive("script-src").Match(policy).Groups["hash"].Value);
        Assert.Single(Inline("style").Matches(html));
        Assert.Single(Inline("script").Matches(html));
        Assert.Contains("form-action 'self'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachPage_ArrivesWithItsData_MarkedLoaded()
    {
        await using var server = await RunningHookRelay.StartAsync();
        var (body, uuids) = OktaPayloads.Fresh(2);
        (await server.PostAsync(body)).Dispose();

        var overview = await server.Client.GetStringAsync("/");
        var events = await server.Client.GetStringAsync("/events");
        var one = await server.Client.GetStringAsync($"/events/{uuids[0]}");

        // bench/PageLoad times each page to its section marked data-loaded: the HTML carries the mark with the data.
        Assert.Matches("""<article class="card" id="card-received"><h2>Received, last hour</h2><p class="figure">2</p>""", overview);
        Assert.Contains("""<section id="overview" data-loaded""", overview, StringComparison.Ordinal);
        Assert.Equal(60, Regex.Count(overview, "<rect "));
        Assert.Contains("""<section id="events" data-loaded""", events, StringComparison.Ordinal);
        Assert.All(uuids, uuid => Assert.Contains($"""<a href="/events/{uuid}">{uuid}</a>""", events, StringComparison.Ordinal));
        Assert.Contains($"&quot;uuid&quot;: &quot;{uuids[0]}&quot;", one, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dashboard/app.js")]
    [InlineData("/dashboard/index.html")]
    [InlineData("/index.html")]
    [InlineData("/app.js")]
    public async Task OnlyThePages_AreServed(string path)
    {
        await using var server = await RunningHookRelay.StartAsync();

        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WithoutTokens_AClientNamingAnotherHost_IsRefused()
    {
        await using var server = await RunningHookRelay.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        request.Headers.Host = "hookrelay.example.com";

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("set Admin:Tokens", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTokens_APage_SendsToSignIn_WhichSetsASessionCookie_AndReturns()
    {
        await using var server = await AdminApi.StartAsync();
        using var browser = Browser(server);

        using var page = await browser.GetAsync("/events?type=group.*");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?return=%2Fevents%3Ftype%3Dgroup.*", page.Headers.Location?.OriginalString);

        using var wrong = await SignInAsync(browser, "not-the-admin-token-0123456789", "/events?type=group.*");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("not one of Admin:Tokens", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        using var right = await SignInAsync(browser, AdminApi.Token, "/events?type=group.*");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/events?type=group.*", right.Headers.Location?.OriginalString);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("hookrelay-session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AdminApi.Token, cookie, StringComparison.Ordinal);

        var session = cookie.Split(';')[0];
        using var signedIn = await SendAsync(browser, HttpMethod.Get, "/events", session);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("""<section id="events" data-loaded""", await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The cookie opens the pages only: the API still wants the bearer token, and a bearer token opens the pages too.
        using var api = await SendAsync(browser, HttpMethod.Get, "/api/v1/events", session);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var bearer = AdminApi.Client(server);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/okta")).StatusCode);

        using var signOut = await SendAsync(browser, HttpMethod.Post, "/logout", session);
        Assert.Equal("/login", signOut.Headers.Location?.OriginalString);
        Assert.Contains("expires=Thu, 01 Jan 1970", Assert.Single(signOut.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\t/evil.example/")] // browsers drop the tab: //evil.example
    [InlineData("/\n/evil.example/")]
    [InlineData("/événements")] // not ASCII: no valid Location header
    [InlineData("~/events")]
    public async Task SignIn_ReturnsOnlyToThisServer(string returnTo)
    {
        await using var server = await AdminApi.StartAsync();
        await using var open = await RunningHookRelay.StartAsync();
        using var browser = Browser(server);
        using var local = Browser(open);

        using var signedIn = await SignInAsync(browser, AdminApi.Token, returnTo);
        // Without tokens there is nothing to sign in to: /login sends the browser straight on.
        using var straight = await local.GetAsync("/login?return=" + Uri.EscapeDataString(returnTo));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, straight.StatusCode);
        Assert.Equal("/", straight.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnEventWhoseJsonCannotBeIndented_IsShownAsStored()
    {
        await using var server = await RunningHookRelay.StartAsync();
        var uuid = Guid.NewGuid().ToString();
        // Valid JSON (a lone surrogate escape) that System.Text.Json will not write back as text.
        var stored = $$"""{"uuid":"{{uuid}}","published":"2026-08-20T14:03:15.208Z","eventType":"user.session.start","displayMessage":"\ud800"}""";
        (await server.PostAsync(OktaPayloads.Envelope([stored]))).Dispose();

        using var page = await server.Client.GetAsync($"/events/{uuid}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("&quot;displayMessage&quot;:&quot;\\ud800&quot;", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReplayNotice_SaysOnlyWhatTheStoreHolds()
    {
        await using var server = await RunningHookRelay.StartAsync();

        // An address naming an event the store does not hold shows no notice (its text would be the link's).
        var page = await server.Client.GetStringAsync("/deadletters?sink=archive&replayed=Your+account+is+locked&queued=1");

        Assert.DoesNotContain("id=\"notice\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Your account is locked", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cross-site", null)]
    [InlineData("same-site", null)]
    [InlineData(null, "http://evil.example")]
    [InlineData(null, null)]
    public async Task AFormFromAnotherSite_IsRefused(string? fetchSite, string? origin)
    {
        await using var server = await RunningHookRelay.StartAsync();
        using var browser = Browser(server);

        using var forged = Form("/deadletters/replay", new() { ["letter"] = "archive:3c9e1f70-7e8b-11f1-9b2a-5d3c8e2f4a61" }, fetchSite, origin);
        using var refused = await browser.SendAsync(forged);
        using var ownForm = Form("/deadletters/replay", new() { ["letter"] = "archive:3c9e1f70-7e8b-11f1-9b2a-5d3c8e2f4a61" }, SameOriginForm, null);
        using var taken = await browser.SendAsync(ownForm);
        using var fromOldBrowser = Form("/deadletters/replay", new() { ["letter"] = "archive:3c9e1f70-7e8b-11f1-9b2a-5d3c8e2f4a61" }, null, server.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var takenToo = await browser.SendAsync(fromOldBrowser);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("not sent from one of this dashboard", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, takenToo.StatusCode);
    }

    [Fact]
    public async Task ABadSearch_IsAnsweredOnThePage_AndWhatWasTypedIsEncoded()
    {
        await using var server = await RunningHookRelay.StartAsync();

        using var response = await server.Client.GetAsync("/events?since=%3Cb%3Eyesterday&type=%22%3E%3Cscript%3E");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("""<p class="error" role="alert">""", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&lt;b&gt;yesterday\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>yesterday", html, StringComparison.Ordinal);
        Assert.Single(Inline("script").Matches(html));
    }

    [Fact]
    public async Task AnUnknownEvent_IsA404Page()
    {
        await using var server = await RunningHookRelay.StartAsync();

        using var response = await server.Client.GetAsync("/events/no-such-event");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("The store holds no event with uuid &#x27;no-such-event&#x27;.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APage_WhenThePostgresServerIsDown_Is503()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = await cluster.CreateDatabaseAsync(),
        });
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/events")).StatusCode);

        await cluster.StopAsync();
        using var response = await server.Client.GetAsync("/events");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        Assert.Contains("The store could not be read", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A client that, like a browser's page, does not follow redirects on its own (the tests look at them).</summary>
    private static HttpClient Browser(RunningHookRelay server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string token, string returnTo)
    {
        var form = Form("/login", new() { ["token"] = token, ["return"] = returnTo }, SameOriginForm, null);
        return browser.SendAsync(form);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient browser, HttpMethod method, string path, string cookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Sec-Fetch-Site", SameOriginForm);
        return browser.SendAsync(request);
    }

    /// <summary>A form post as a browser sends it, with the Fetch Metadata and Origin headers given.</summary>
    private static HttpRequestMessage Form(string path, Dictionary<string, string> fields, string? fetchSite, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    private static Regex Inline(string element) => new($"<{element}>(?<body>.*?)</{element}>", RegexOptions.Singleline);

    private static Regex Directive(string name) => new($"{name} 'sha256-(?<hash>[A-Za-z0-9+/=]+)';");

    private static string Hash(Match inline)
    {
        Assert.True(inline.Success);
        return Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(inline.Groups["body"].Value)));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Dashboard;

/// <summary>How the dashboard's files are served: versioned scripts kept by the browser, the page revalidated, access as the admin API's.</summary>
public sealed partial class DashboardFileTests
{
    [Fact]
    public async Task Page_NamesItsFilesByVersion_WhichTheBrowserKeeps_WhileThePageIsRevalidated()
    {
        await using var server = await RunningHookRelay.StartAsync();

        using var page = await server.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoCache, "the page is checked on every load");
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        var assets = AssetUrl().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Equal(2, assets.Count);

        foreach (var asset in assets)
        {
            using var versioned = await server.Client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
            Assert.Equal(TimeSpan.FromDays(365), versioned.Headers.CacheControl?.MaxAge);
            Assert.Contains("immutable", versioned.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

            // Another version (an old page from the cache) is served but not kept.
            using var stale = await server.Client.GetAsync(asset.Split('?')[0] + "?v=0000000000000000");
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            Assert.True(stale.Headers.CacheControl?.NoCache, $"{asset} under another version is not kept");
        }

        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        using var notModified = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task WithAdminTokens_ThePageAsksForOne_AndCarriesItsOwnETag()
    {
        await using var plain = await RunningHookRelay.StartAsync();
        await using var guarded = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Admin:Tokens:0"] = "dashboard-test-token-0123456789" });

        using var plainPage = await plain.Client.GetAsync("/");
        using var guardedPage = await guarded.Client.GetAsync("/");

        Assert.DoesNotContain("data-token-required", await plainPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<body data-token-required>", await guardedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(plainPage.Headers.ETag, guardedPage.Headers.ETag);
    }

    [Theory]
    [InlineData("/dashboard/index.html")]
    [InlineData("/dashboard/index.html+token")]
    [InlineData("/dashboard/missing.js")]
    public async Task OnlyTheScriptsAndStyles_AreServedUnderDashboard(string path)
    {
        await using var server = await RunningHookRelay.StartAsync();

        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WithoutTokens_AClientNamingAnotherHost_IsRefused()
    {
        await using var server = await RunningHookRelay.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "hookrelay.example.com";

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>/dashboard/app\\.(?:js|css)\\?v=[0-9a-f]{16})\"")]
    private static partial Regex AssetUrl();
}

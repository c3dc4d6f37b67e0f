using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Dashboard;

/// <summary>How the dashboard is served: one page carrying its styles and script, revalidated, access as the admin API's.</summary>
public sealed class DashboardFileTests
{
    [Fact]
    public async Task Page_CarriesItsStylesAndScript_AllowedByHash_AndIsRevalidated()
    {
        await using var server = await RunningHookRelay.StartAsync();

        using var page = await server.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoCache, "the page is checked on every load");
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain(" src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"stylesheet\"", html, StringComparison.Ordinal);

        // The policy allows exactly the page's one style and one script element, nothing else inline.
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(Hash(Inline("style").Match(html)), Directive("style-src").Match(policy).Groups["hash"].Value);
        Assert.Equal(Hash(Inline("script").Match(html)), Directive("script-src").Match(policy).Groups["hash"].Value);
        Assert.Single(Inline("style").Matches(html));
        Assert.Single(Inline("script").Matches(html));

        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        using var notModified = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    private static Regex Inline(string element) => new($"<{element}>(?<body>.*?)</{element}>", RegexOptions.Singleline);

    private static Regex Directive(string name) => new($"{name} 'sha256-(?<hash>[A-Za-z0-9+/=]+)';");

    private static string Hash(Match inline)
    {
        Assert.True(inline.Success);
        return Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(inline.Groups["body"].Value)));
    }

    [Fact]
    public async Task WithAdminTokens_ThePageAsksForOne_AndCarriesItsOwnETag()
    {
        await using var plain = await RunningHookRelay.StartAsync();
        await using var guarded = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Admin:Tokens:0"] = "dashboard-test-token-0123456789" });

        using var plainPage = await plain.Client.GetAsync("/");
        using var guardedPage = await guarded.Client.GetAsync("/");

        Assert.DoesNotContain("data-token-required", await plainPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\" data-token-required>", await guardedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(plainPage.Headers.ETag, guardedPage.Headers.ETag);
    }

    [Theory]
    [InlineData("/dashboard/app.js")]
    [InlineData("/dashboard/app.css")]
    [InlineData("/dashboard/index.html")]
    [InlineData("/index.html")]
    public async Task OnlyThePage_IsServed(string path)
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
}

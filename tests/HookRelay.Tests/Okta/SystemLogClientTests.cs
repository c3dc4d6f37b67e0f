using System.Diagnostics;
using HookRelay.Okta;
using HookRelay.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookRelay.Tests.Okta;

/// <summary>The Okta API client against the simulated org's System Log on a real socket.</summary>
public sealed class SystemLogClientTests : IAsyncLifetime
{
    private const string Token = "00simulated-api-token-0123456789abcdef";
    private WebApplication _okta = null!;
    private Uri _domain = null!;

    private SimulatedSystemLog Log => _okta.Services.GetRequiredService<SimulatedSystemLog>();

    public async Task InitializeAsync() => (_okta, _domain) = await StartAsync(o => o.ApiToken = Token);

    public async Task DisposeAsync() => await _okta.DisposeAsync();

    [Fact]
    public async Task Polling_FollowsNextLinksThroughEveryEventAndKeepsACursorForLater()
    {
        var since = TimeProvider.System.GetUtcNow().AddMinutes(-5);
        var appended = Enumerable.Range(0, 2500).Select(_ => Log.Append("user.session.start").Uuid).ToList();
        var client = Client(Token);

        var read = new List<string>();
        var pages = new List<int>();
        var url = OktaApiClient.PollingLogsUrl(_domain, since, []);
        SystemLogPage page;
        do
        {
            page = await client.GetLogPageAsync(url, CancellationToken.None);
            pages.Add(page.Events.Count);
            read.AddRange(page.Events.Select(Uuid));
            url = page.Next!;
        }
        while (page.Events.Count > 0);

        Assert.Equal([1000, 1000, 500, 0], pages);
        Assert.Equal(appended, read);
        var later = Log.Append("user.session.end").Uuid;
        var resumed = await client.GetLogPageAsync(url, CancellationToken.None);
        Assert.Equal([later], resumed.Events.Select(Uuid));
        Assert.NotNull(resumed.Next);
    }

    [Fact]
    public async Task Polling_WithEventTypes_ReturnsOnlyThoseTypes()
    {
        var since = TimeProvider.System.GetUtcNow().AddMinutes(-5);
        var wanted = new[] { Log.Append("user.lifecycle.create").Uuid, Log.Append("group.user_membership.add").Uuid, Log.Append("user.lifecycle.deactivate").Uuid };
        Log.Append("user.session.start");

        var page = await Client(Token).GetLogPageAsync(OktaApiClient.PollingLogsUrl(_domain, since, ["user.lifecycle.*", "group.user_membership.add"]), CancellationToken.None);

        Assert.Equal(wanted, page.Events.Select(Uuid));
        Assert.NotNull(page.RateLimit);
    }

    [Fact]
    public async Task WrongToken_FailsWithAMessageThatSaysWhatToDoAndHidesTheToken()
    {
        const string wrong = "00wrong-token-that-must-not-be-echoed";

        var ex = await Assert.ThrowsAsync<OktaApiException>(() => Client(wrong).GetLogPageAsync(OktaApiClient.PollingLogsUrl(_domain, DateTimeOffset.UnixEpoch, []), CancellationToken.None));

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("E0000011", ex.ErrorCode);
        Assert.Contains("expired", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(1.0, false)]
    public async Task RateLimitShare_LeavesTheRestOfTheWindowToOthers(double share, bool expectWait)
    {
        var (okta, domain) = await StartAsync(o =>
        {
            o.ApiToken = Token;
            o.LogsRequestsPerWindow = 4;
            o.RateLimitWindow = TimeSpan.FromSeconds(3);
        });
        await using var _ = okta;
        var client = new OktaApiClient(new HttpClient(), new ApiTokenCredential(Token), TimeProvider.System, NullLogger<OktaApiClient>.Instance, share);
        var url = OktaApiClient.PollingLogsUrl(domain, DateTimeOffset.UnixEpoch, []);
        await client.GetLogPageAsync(url, CancellationToken.None);
        var second = await client.GetLogPageAsync(url, CancellationToken.None);
        var clock = Stopwatch.StartNew();

        var third = await client.GetLogPageAsync(url, CancellationToken.None);

        // Half of 4 is spent after two calls: the third waits for the window; with the whole budget it goes at once.
        Assert.Equal(2, second.RateLimit!.Remaining);
        Assert.Equal(expectWait, clock.Elapsed >= TimeSpan.FromSeconds(0.9));
        Assert.Equal(expectWait ? 3 : 1, third.RateLimit!.Remaining);
    }

    [Fact]
    public async Task RateLimited_WaitsForTheWindowToResetAndSucceeds()
    {
        var (okta, domain) = await StartAsync(o =>
        {
            o.ApiToken = Token;
            o.LogsRequestsPerWindow = 2;
            o.RateLimitWindow = TimeSpan.FromSeconds(2);
        });
        await using var _ = okta;
        var client = Client(Token);
        var url = OktaApiClient.PollingLogsUrl(domain, DateTimeOffset.UnixEpoch, []);
        await client.GetLogPageAsync(url, CancellationToken.None);
        await client.GetLogPageAsync(url, CancellationToken.None);
        var clock = Stopwatch.StartNew();

        var third = await client.GetLogPageAsync(url, CancellationToken.None);

        Assert.NotNull(third.Next);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"the third call came back after {clock.Elapsed}, inside the spent window");
    }

    [Fact]
    public async Task BoundedQuery_LastPageHasNoNextLink()
    {
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            Log.Append("user.session.start", published: now.AddSeconds(-10 + i));
        }

        var url = new Uri(_domain, $"/api/v1/logs?since={Uri.EscapeDataString(now.AddMinutes(-1).ToString("O"))}&until={Uri.EscapeDataString(now.ToString("O"))}&limit=2");
        var first = await Client(Token).GetLogPageAsync(url, CancellationToken.None);
        var second = await Client(Token).GetLogPageAsync(first.Next!, CancellationToken.None);

        Assert.Equal(2, first.Events.Count);
        Assert.Single(second.Events);
        Assert.Null(second.Next);
    }

    private static async Task<(WebApplication App, Uri Domain)> StartAsync(Action<SimulatorOptions> configure)
    {
        var app = SimulatorApp.Build("http://127.0.0.1:0", configure);
        await app.StartAsync();
        return (app, new Uri(app.Urls.First()));
    }

    private static OktaApiClient Client(string token) =>
        new(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, new ApiTokenCredential(token), TimeProvider.System, NullLogger<OktaApiClient>.Instance);

    private static string Uuid(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("uuid").GetString()!;
}

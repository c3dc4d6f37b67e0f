using System.Net;
using HookRelay.Tests.Hosting;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Admin;

/// <summary>Who the admin API answers, on the real server: a bearer token from Admin:Tokens, or loopback clients when none is set.</summary>
public sealed class AdminAccessTests
{
    [Fact]
    public async Task Request_WithoutToken_Returns401WithBearerChallenge()
    {
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server, token: null);

        using var response = await client.GetAsync("/api/v1/sinks");

        await AdminApi.AssertProblemAsync(response, 401, "Authorization: Bearer");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Request_WithWrongToken_Returns401WithoutEchoingIt()
    {
        const string Wrong = "wrong-token-0123456789-abcdefghijkl";
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server, Wrong);

        using var response = await client.GetAsync("/api/v1/events");

        var problem = await AdminApi.AssertProblemAsync(response, 401, "Admin:Tokens");
        Assert.DoesNotContain(Wrong, problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(AdminApi.Token, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Request_WithAHookSecretAsToken_Returns401()
    {
        await using var server = await AdminApi.StartAsync();
        using var bearer = AdminApi.Client(server, TestSecrets.Primary);
        using var raw = AdminApi.Client(server, token: null);
        raw.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", TestSecrets.Primary);

        using var asBearer = await bearer.GetAsync("/api/v1/sinks");
        using var asHookHeader = await raw.GetAsync("/api/v1/sinks");

        Assert.Equal(HttpStatusCode.Unauthorized, asBearer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asHookHeader.StatusCode);
    }

    [Fact]
    public async Task Request_WithAnyConfiguredToken_IsAnswered()
    {
        const string Second = "second-admin-token-0123456789-xyz";
        await using var server = await AdminApi.StartAsync(new Dictionary<string, string?> { ["Admin:Tokens:1"] = Second });
        using var first = AdminApi.Client(server);
        using var second = AdminApi.Client(server, Second);

        var sinks = await AdminApi.GetJsonAsync(first, "/api/v1/sinks");
        await AdminApi.GetJsonAsync(second, "/api/v1/events");

        Assert.Equal("archive", Assert.Single(sinks.EnumerateArray()).GetProperty("sink").GetString());
    }

    [Fact]
    public async Task WithoutTokens_LoopbackClientIsAnswered_AndTheStartSaysSo()
    {
        var logs = new CapturedLogs();
        await using var server = await RunningHookRelay.StartAsync(configure: logs.AddTo);
        using var client = AdminApi.Client(server, token: null);

        using var response = await client.GetAsync("/api/v1/sinks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("loopback clients only: Admin:Tokens is not set", logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTokens_ClientFromAnotherMachine_Returns403SayingToSetTokens()
    {
        // Behind a proxy, the client's address is the one the proxy forwards: not this machine.
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["BehindProxy"] = "true" });
        using var client = AdminApi.Client(server, token: null);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await client.GetAsync("/api/v1/events");
        using var openApi = await client.GetAsync("/openapi/v1.json");

        await AdminApi.AssertProblemAsync(response, 403, "set Admin:Tokens");
        Assert.Equal(HttpStatusCode.Forbidden, openApi.StatusCode);
    }

    [Fact]
    public async Task WithTokens_LoopbackClientStillNeedsOne()
    {
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server, token: null);

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Serve_WithShortAdminToken_ExitsWithMessageNamingTheSettingButNotTheToken()
    {
        const string Short = "short-admin-token";
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var environment = ServeRun.WithSecret();
        environment["HOOKRELAY_Admin__Tokens__0"] = Short;

        var run = await ServeRun.ExpectExitAsync(port, ["serve", "--urls", ServeRun.Url(port), "--data-dir", dataDir.Path], environment);

        ServeRun.AssertRefused(run, "Admin:Tokens:0");
        Assert.DoesNotContain(Short, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }
}

using System.Net;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hosting;

/// <summary>
/// X-Forwarded-For is honoured only with <c>--behind-proxy</c>; without it, any client could put a
/// false address into the auth-failure log.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string ForwardedClient = "203.0.113.77";

    [Fact]
    public async Task Serve_BehindProxy_LogsTheForwardedClientAddress()
    {
        var log = await RejectedRequestLogAsync(behindProxy: true);

        Assert.Contains($"from {ForwardedClient}", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NotBehindProxy_LogsThePeerAddressAndIgnoresForwardedFor()
    {
        var log = await RejectedRequestLogAsync(behindProxy: false);

        Assert.Contains("from 127.0.0.1", log, StringComparison.Ordinal);
        Assert.DoesNotContain(ForwardedClient, log, StringComparison.Ordinal);
    }

    /// <summary>Sends one request with a wrong secret and an X-Forwarded-For header; returns the server's output.</summary>
    private static async Task<string> RejectedRequestLogAsync(bool behindProxy)
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        string[] args = ["serve", "--urls", ServeRun.Url(port), "--data-dir", dataDir.Path];
        await using var server = await ServeRun.StartLiveAsync(port, behindProxy ? [.. args, "--behind-proxy"] : args, ServeRun.WithSecret());
        using (var client = new HttpClient { BaseAddress = ServeRun.Loopback(port), Timeout = TimeSpan.FromSeconds(10) })
        {
            using var request = RunningHookRelay.Delivery(OktaPayloads.Fresh(1).Body, secret: TestSecrets.Rotated);
            request.Headers.Add("X-Forwarded-For", ForwardedClient);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await ServeRun.StopAsync(server);
        // Logs go to stderr; stdout is for data.
        Assert.Contains("Rejected request to hook okta", server.StandardError, StringComparison.Ordinal);
        return server.StandardError;
    }
}

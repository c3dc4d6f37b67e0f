using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hosting;

/// <summary>ASP.NET Core's and HttpClient's logs are quiet by default, and louder when the configuration says so.</summary>
public sealed class LogLevelTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("Information", true)]
    public async Task AspNetCoreRequestLog_FollowsLoggingLogLevel(string? level, bool logged)
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var environment = ServeRun.WithSecret();
        if (level is not null)
        {
            environment["HOOKRELAY_Logging__LogLevel__Microsoft.AspNetCore"] = level;
        }

        await using var server = await ServeRun.StartLiveAsync(port, ["serve", "--urls", ServeRun.Url(port), "--data-dir", dataDir.Path], environment);
        using (var client = new HttpClient { BaseAddress = ServeRun.Loopback(port), Timeout = TimeSpan.FromSeconds(10) })
        {
            using var response = await client.GetAsync("/health/live");
            response.EnsureSuccessStatusCode();
        }

        await ServeRun.StopAsync(server);
        Assert.Equal(logged, server.StandardError.Contains("Request starting HTTP/1.1 GET", StringComparison.Ordinal));
    }
}

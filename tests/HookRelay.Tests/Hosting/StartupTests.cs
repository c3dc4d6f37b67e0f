using System.Net;
using System.Runtime.Versioning;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hosting;

/// <summary>
/// How <c>hookrelay</c> starts: the zero-config first run, a listen address behind a proxy, and the
/// bare command line.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class StartupTests
{
    [Fact]
    public async Task Serve_ZeroConfigFirstRun_CreatesStoreAndSecretAndPrintsSecretOnce()
    {
        using var workDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var secretPath = Path.Combine(workDir.Path, "data", "secrets", "okta.secret");

        await using var server = await ServeRun.StartLiveAsync(port, ["serve", "--urls", ServeRun.Url(port)], workingDirectory: workDir.Path);
        var secret = File.ReadAllText(secretPath).Trim();
        using (var client = new HttpClient { BaseAddress = ServeRun.Loopback(port), Timeout = TimeSpan.FromSeconds(10) })
        {
            Assert.Equal(HttpStatusCode.OK, (await ServeRun.VerifyAsync(client, secret)).Status);
        }

        await ServeRun.StopAsync(server);

        Assert.True(File.Exists(Path.Combine(workDir.Path, "data", "hookrelay.db")), "No ./data/hookrelay.db in the working folder.");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretPath));
        Assert.True(secret.Length >= 43, $"The generated secret has {secret.Length} characters; 32 random bytes need at least 43.");
        Assert.Equal(1, Occurrences(server.StandardOutput, secret));
        Assert.Equal(1, Occurrences(server.StandardOutput, "/hooks/okta"));
        Assert.DoesNotContain(secret, server.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_SecondRunInSameFolder_KeepsTheSecretWithoutPrintingIt()
    {
        using var workDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        string[] args = ["serve", "--urls", ServeRun.Url(port)];
        var secretPath = Path.Combine(workDir.Path, "data", "secrets", "okta.secret");
        await using (var first = await ServeRun.StartLiveAsync(port, args, workingDirectory: workDir.Path))
        {
            await ServeRun.StopAsync(first);
        }

        var secret = File.ReadAllText(secretPath).Trim();
        await using var second = await ServeRun.StartLiveAsync(port, args, workingDirectory: workDir.Path);
        using (var client = new HttpClient { BaseAddress = ServeRun.Loopback(port), Timeout = TimeSpan.FromSeconds(10) })
        {
            Assert.Equal(HttpStatusCode.OK, (await ServeRun.VerifyAsync(client, secret)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await ServeRun.VerifyAsync(client, TestSecrets.Primary)).Status);
        }

        await ServeRun.StopAsync(second);
        Assert.Equal(secret, File.ReadAllText(secretPath).Trim());
        Assert.DoesNotContain(secret, second.StandardOutput + second.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("/hooks/okta", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnAnyAddressBehindProxy_StartsAndTakesDeliveriesOnLoopback()
    {
        const string AnyAddress = "0.0.0.0";
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();

        await using var server = await ServeRun.StartLiveAsync(
            port, ["serve", "--urls", ServeRun.Url(port, AnyAddress), "--behind-proxy", "--data-dir", dataDir.Path], ServeRun.WithSecret());
        using (var client = new HttpClient { BaseAddress = ServeRun.Loopback(port), Timeout = TimeSpan.FromSeconds(10) })
        {
            var (body, uuids) = OktaPayloads.Fresh(2);
            using var response = await client.SendAsync(RunningHookRelay.Delivery(body));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.All(uuids, uuid => Assert.NotNull(StoreQueries.EventJson(dataDir.DatabasePath, uuid)));
        }

        await ServeRun.StopAsync(server);
    }

    [Fact]
    public async Task Hookrelay_WithoutArguments_ExitsTwoWithUsageHint()
    {
        var (exitCode, _, stderr) = await HookRelayProcess.RunAsync([], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains("hookrelay --help", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hookrelay_Help_ExitsZeroAndListsCommands()
    {
        var (exitCode, stdout, _) = await HookRelayProcess.RunAsync(["--help"], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Contains("serve", stdout, StringComparison.Ordinal);
        Assert.Contains("events", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeHelp_ListsEveryFlag()
    {
        var (exitCode, stdout, _) = await HookRelayProcess.RunAsync(["serve", "--help"], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.All(["--urls", "--data-dir", "--config", "--cert", "--key", "--behind-proxy"], flag => Assert.Contains(flag, stdout, StringComparison.Ordinal));
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

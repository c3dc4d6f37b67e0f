using System.Net;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hosting;

/// <summary>A bad edit of the --config file while the server runs must not cost it its secrets.</summary>
public sealed class ConfigReloadFailureTests
{
    private const string FileSecret = "file-secret-0123456789-abcdefghijkl";

    [Fact]
    public async Task Serve_WhenConfigFileBecomesInvalid_KeepsTheLastGoodSecrets()
    {
        using var folder = new TempDirectory();
        var config = ConfigFile.Write(folder.Path, "hookrelay.json", FileSecret);
        var port = HookRelayProcess.FreePort();
        await using var server = await ServeRun.StartLiveAsync(port, [.. ServeArgs(port, folder.Path), "--config", config]);
        using var client = Client(port);

        File.WriteAllText(config, "{ \"Hooks\": { \"okta\": ");
        await Task.Delay(ConfigFile.ReloadPeriod);
        Assert.Equal(HttpStatusCode.OK, (await ServeRun.VerifyAsync(client, FileSecret)).Status);

        ConfigFile.Write(folder.Path, "hookrelay.json", "short-secret-4711");
        await Task.Delay(ConfigFile.ReloadPeriod);
        Assert.Equal(HttpStatusCode.OK, (await ServeRun.VerifyAsync(client, FileSecret)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ServeRun.VerifyAsync(client, "short-secret-4711")).Status);

        // The file is still watched: a good edit after the bad ones takes effect.
        ConfigFile.Write(folder.Path, "hookrelay.json", TestSecrets.Rotated);
        await ConfigFile.WaitForStatusAsync(client, TestSecrets.Rotated, HttpStatusCode.OK);
        Assert.False(File.Exists(Path.Combine(folder.Path, "secrets", "okta.secret")), "A secret was generated while the config file was broken.");
        await ServeRun.StopAsync(server);
    }

    private static string[] ServeArgs(int port, string dataDir) => ["serve", "--urls", ServeRun.Url(port), "--data-dir", dataDir];

    private static HttpClient Client(int port) => new() { BaseAddress = ServeRun.Loopback(port), Timeout = TimeSpan.FromSeconds(10) };
}

using System.Net;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hosting;

/// <summary>Hook secrets rotate by editing the --config file, without a restart.</summary>
public sealed class SecretRotationTests
{
    private const string FileSecret = "file-secret-0123456789-abcdefghijkl";

    [Fact]
    public async Task Serve_WhenConfigFileSecretsChange_AcceptsTheNewSecretWithoutRestart()
    {
        using var folder = new TempDirectory();
        var config = ConfigFile.Write(folder.Path, "hookrelay.json", FileSecret);
        var port = HookRelayProcess.FreePort();
        await using var server = await ServeRun.StartLiveAsync(port, [.. ServeArgs(port, folder.Path), "--config", config]);
        using var client = Client(port);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ServeRun.VerifyAsync(client, TestSecrets.Rotated)).Status);

        // Rotation: the new secret is added next to the old one, then the old one is removed.
        ConfigFile.Write(folder.Path, "hookrelay.json", FileSecret, TestSecrets.Rotated);
        await ConfigFile.WaitForStatusAsync(client, TestSecrets.Rotated, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await ServeRun.VerifyAsync(client, FileSecret)).Status);

        ConfigFile.Write(folder.Path, "hookrelay.json", TestSecrets.Rotated);
        await ConfigFile.WaitForStatusAsync(client, FileSecret, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await ServeRun.VerifyAsync(client, TestSecrets.Rotated)).Status);
        Assert.False(server.HasExited);
        await ServeRun.StopAsync(server);
    }

    private static string[] ServeArgs(int port, string dataDir) => ["serve", "--urls", ServeRun.Url(port), "--data-dir", dataDir];

    private static HttpClient Client(int port) => new() { BaseAddress = ServeRun.Loopback(port), Timeout = TimeSpan.FromSeconds(10) };
}

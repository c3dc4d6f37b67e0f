using System.Net;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hosting;

/// <summary>
/// Where <c>hookrelay serve</c> takes its settings from, and in which order: ./appsettings.json,
/// then --config, then HOOKRELAY_ variables, then flags.
/// </summary>
public sealed class ConfigurationTests
{
    private const string FileSecret = "file-secret-0123456789-abcdefghijkl";

    [Fact]
    public async Task Serve_WithConfigFile_UsesItsHookSettings()
    {
        using var folder = new TempDirectory();
        var config = ConfigFile.Write(folder.Path, "hookrelay.json", FileSecret, headerName: "X-Okta-Secret");
        var port = HookRelayProcess.FreePort();

        await using var server = await ServeRun.StartLiveAsync(port, [.. ServeArgs(port, folder.Path), "--config", config]);
        using var client = Client(port);

        Assert.Equal(HttpStatusCode.OK, (await ServeRun.VerifyAsync(client, FileSecret, "X-Okta-Secret")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ServeRun.VerifyAsync(client, FileSecret, "Authorization")).Status);
        await ServeRun.StopAsync(server);
    }

    [Fact]
    public async Task Serve_WithVariableAndConfigFile_VariableWins()
    {
        using var folder = new TempDirectory();
        var config = ConfigFile.Write(folder.Path, "hookrelay.json", FileSecret);
        var port = HookRelayProcess.FreePort();

        await using var server = await ServeRun.StartLiveAsync(port, [.. ServeArgs(port, folder.Path), "--config", config], ServeRun.WithSecret());
        using var client = Client(port);

        Assert.Equal(HttpStatusCode.OK, (await ServeRun.VerifyAsync(client, TestSecrets.Primary)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ServeRun.VerifyAsync(client, FileSecret)).Status);
        await ServeRun.StopAsync(server);
    }

    [Fact]
    public async Task Serve_WithAppSettingsInWorkingFolder_ReadsIt()
    {
        using var workDir = new TempDirectory();
        ConfigFile.Write(workDir.Path, "appsettings.json", FileSecret);
        var port = HookRelayProcess.FreePort();

        await using var server = await ServeRun.StartLiveAsync(port, ["serve", "--urls", ServeRun.Url(port)], workingDirectory: workDir.Path);
        using var client = Client(port);

        Assert.Equal(HttpStatusCode.OK, (await ServeRun.VerifyAsync(client, FileSecret)).Status);
        await ServeRun.StopAsync(server);
        Assert.False(File.Exists(Path.Combine(workDir.Path, "data", "secrets", "okta.secret")), "A secret was generated although appsettings.json configures one.");
    }

    [Fact]
    public async Task Serve_WithDataDirFlagAndVariable_FlagWins()
    {
        using var fromFlag = new TempDirectory();
        using var fromVariable = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var environment = ServeRun.WithSecret();
        environment["HOOKRELAY_DataDir"] = fromVariable.Path;

        await using var server = await ServeRun.StartLiveAsync(port, ServeArgs(port, fromFlag.Path), environment);
        await ServeRun.StopAsync(server);

        Assert.True(File.Exists(fromFlag.DatabasePath), "No database in the --data-dir folder.");
        Assert.False(File.Exists(fromVariable.DatabasePath), "The database went to HOOKRELAY_DataDir although --data-dir was given.");
    }

    private static string[] ServeArgs(int port, string dataDir) => ["serve", "--urls", ServeRun.Url(port), "--data-dir", dataDir];

    private static HttpClient Client(int port) => new() { BaseAddress = ServeRun.Loopback(port), Timeout = TimeSpan.FromSeconds(10) };
}

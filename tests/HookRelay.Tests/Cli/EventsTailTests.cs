using System.Globalization;
using System.Net;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Cli;

/// <summary><c>hookrelay events tail</c>: the real executable following a running server's stream.</summary>
public sealed class EventsTailTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Tail_WithTypeGlob_PrintsMatchingEventsOnly_AndExits0OnSigterm()
    {
        await using var server = await RunningHookRelay.StartAsync();
        using var workDir = new TempDirectory();
        await using var tail = HookRelayProcess.Start(["events", "tail", "--url", server.BaseAddress.ToString(), "--type", "user.*"], workingDirectory: workDir.Path);
        await WaitUntilFollowingAsync(tail);

        // The group event goes first: the stream keeps order, so had it passed the filter it would show before the user event.
        await PostAsync(server, OktaPayloads.Event("tail-group-1", "group.user_membership.add"));
        await PostAsync(server, OktaPayloads.Event("tail-user-1", "user.lifecycle.create", "2026-08-20T14:03:15.208Z"));

        await Eventually.TrueAsync(() => tail.StandardOutput.Contains("tail-user-1", StringComparison.Ordinal), $"tail prints the user event; stdout: {tail.StandardOutput} stderr: {tail.StandardError}");
        Assert.DoesNotContain("tail-group-1", tail.StandardOutput, StringComparison.Ordinal);
        var line = Assert.Single(tail.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(["2026-08-20T14:03:15.208Z", "user.lifecycle.create", "tail-user-1", "okta"], line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        tail.Terminate();
        Assert.Equal(0, await tail.WaitForExitAsync(ExitTimeout));
    }

    [Fact]
    public async Task Tail_WithoutUrlOrToken_TakesThemFromConfig_AndPrintsJsonLines()
    {
        const string token = "tail-admin-token-0123456789";
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Admin:Tokens:0"] = token });
        using var workDir = new TempDirectory();
        var config = Path.Combine(workDir.Path, "tail.json");
        var port = server.BaseAddress.Port.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(config, $$"""{ "Urls": "http://0.0.0.0:{{port}};http://127.0.0.1:1", "Admin": { "Tokens": ["{{token}}"] } }""");
        await using var tail = HookRelayProcess.Start(["events", "tail", "--config", config, "--json"], workingDirectory: workDir.Path);
        await WaitUntilFollowingAsync(tail);

        await PostAsync(server, OktaPayloads.Event("tail-json-1", "user.session.start"));

        await Eventually.TrueAsync(() => tail.StandardOutput.Contains("tail-json-1", StringComparison.Ordinal), $"tail prints the event; stdout: {tail.StandardOutput} stderr: {tail.StandardError}");
        var line = Assert.Single(tail.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        using var printed = JsonDocument.Parse(line);
        Assert.Equal("tail-json-1", printed.RootElement.GetProperty("uuid").GetString());
        Assert.Equal("user.session.start", printed.RootElement.GetProperty("event").GetProperty("eventType").GetString());
        Assert.DoesNotContain(token, tail.StandardOutput + tail.StandardError, StringComparison.Ordinal);

        tail.Terminate();
        Assert.Equal(0, await tail.WaitForExitAsync(ExitTimeout));
    }

    [Fact]
    public async Task Tail_ServerStops_Exits0SayingTheStreamEnded()
    {
        var server = await RunningHookRelay.StartAsync();
        using var workDir = new TempDirectory();
        await using var tail = HookRelayProcess.Start(["events", "tail", "--url", server.BaseAddress.ToString()], workingDirectory: workDir.Path);
        await WaitUntilFollowingAsync(tail);

        await server.DisposeAsync();

        Assert.Equal(0, await tail.WaitForExitAsync(ExitTimeout));
        Assert.Contains("the server ended the stream", tail.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_ServerWantsTokenAndNoneGiven_Exits1AndSaysHowToPassOne()
    {
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Admin:Tokens:0"] = "tail-admin-token-0123456789" });
        using var workDir = new TempDirectory();

        var (exitCode, stdout, stderr) = await HookRelayProcess.RunAsync(["events", "tail", "--url", server.BaseAddress.ToString()], workingDirectory: workDir.Path, timeout: ExitTimeout);

        Assert.True(exitCode == 1, $"exit {exitCode}; stderr: {stderr}");
        Assert.Contains("401", stderr, StringComparison.Ordinal);
        Assert.Contains("pass --token or set Admin:Tokens", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Tail_NoServerListening_Exits1NamingTheAddress()
    {
        using var workDir = new TempDirectory();
        var url = $"http://127.0.0.1:{HookRelayProcess.FreePort()}/";

        var (exitCode, _, stderr) = await HookRelayProcess.RunAsync(["events", "tail", "--url", url], workingDirectory: workDir.Path, timeout: ExitTimeout);

        Assert.True(exitCode == 1, $"exit {exitCode}; stderr: {stderr}");
        Assert.Contains($"cannot reach the server at {url}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_UrlNotHttp_Exits2()
    {
        using var workDir = new TempDirectory();

        var (exitCode, _, stderr) = await HookRelayProcess.RunAsync(["events", "tail", "--url", "localhost:8080"], workingDirectory: workDir.Path, timeout: ExitTimeout);

        Assert.True(exitCode == 2, $"exit {exitCode}; stderr: {stderr}");
        Assert.Contains("--url 'localhost:8080'", stderr, StringComparison.Ordinal);
    }

    private static async Task WaitUntilFollowingAsync(HookRelayProcess tail) =>
        await Eventually.TrueAsync(() => tail.StandardError.Contains("following", StringComparison.Ordinal) || tail.HasExited, "tail subscribes");

    private static async Task PostAsync(RunningHookRelay server, string okEvent)
    {
        using var response = await server.PostAsync(OktaPayloads.Envelope([okEvent]));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}

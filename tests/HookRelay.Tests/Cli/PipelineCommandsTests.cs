using System.Text.Json;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Sinks.Http;

namespace HookRelay.Tests.Cli;

/// <summary><c>sinks</c>, <c>sinks test</c>, <c>deadletters list</c> and <c>replay</c> against a running server's store.</summary>
public sealed class PipelineCommandsTests
{
    [Fact]
    public async Task DeadLettersAndReplay_FromTheCli_DeliverWhatTheSinkRefused()
    {
        await using var receiver = await RecordingServer.StartAsync();
        receiver.Reply = new ServerReply(400, "bad");
        var settings = Settings(receiver);
        await using var server = await RunningHookRelay.StartAsync(settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        var (body, uuids) = OktaPayloads.Fresh(2);
        (await server.PostAsync(body)).Dispose();
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 2") == 2, "two dead letters");
        var environment = Environment(settings);

        var dead = await HookRelayProcess.RunAsync(["deadletters", "list", "--json", "--data-dir", server.DataDir], environment);
        var status = await HookRelayProcess.RunAsync(["sinks", "--json", "--data-dir", server.DataDir], environment);
        var refusedTest = await HookRelayProcess.RunAsync(["sinks", "test", "siem", "--data-dir", server.DataDir], environment);
        receiver.Reply = new ServerReply(204);
        var acceptedTest = await HookRelayProcess.RunAsync(["sinks", "test", "siem", "--data-dir", server.DataDir], environment);
        var replay = await HookRelayProcess.RunAsync(["replay", "--sink", "siem", "--dead-letters", "--data-dir", server.DataDir], environment);
        var unknown = await HookRelayProcess.RunAsync(["replay", "--sink", "nope", "--data-dir", server.DataDir], environment);

        Assert.True(dead.ExitCode == 0, dead.Stderr);
        Assert.Equal(uuids.ToHashSet(), JsonDocument.Parse(dead.Stdout).RootElement.EnumerateArray().Select(d => d.GetProperty("uuid").GetString()!).ToHashSet());
        var siem = Assert.Single(JsonDocument.Parse(status.Stdout).RootElement.EnumerateArray());
        Assert.Equal(2, siem.GetProperty("dead").GetInt64());
        Assert.Contains("400", siem.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, refusedTest.ExitCode);
        Assert.Contains("Reject", refusedTest.Stdout, StringComparison.Ordinal);
        Assert.True(acceptedTest.ExitCode == 0, acceptedTest.Stdout + acceptedTest.Stderr);
        Assert.Contains("Queued 2 events for sink 'siem'", replay.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no sink named 'nope'", unknown.Stderr, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 1") == 2, "replayed items delivered");
    }

    private static Dictionary<string, string> Settings(RecordingServer receiver) => new()
    {
        ["Sinks:siem:Type"] = "http",
        ["Sinks:siem:Url"] = receiver.Url.ToString(),
        ["Routes:0:Sinks:0"] = "siem",
    };

    private static Dictionary<string, string> Environment(Dictionary<string, string> settings) =>
        settings.ToDictionary(s => "HOOKRELAY_" + s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
}

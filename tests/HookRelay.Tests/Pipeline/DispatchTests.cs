using System.Net;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Pipeline;

/// <summary>Stored events reach the sinks their routes name, over the real server and real files.</summary>
public sealed class DispatchTests
{
    [Fact]
    public async Task Post_WithZeroConfig_EventsReachTheArchiveFileInTheDataFolder()
    {
        await using var server = await RunningHookRelay.StartAsync();
        var (body, uuids) = OktaPayloads.Fresh(3);

        using var response = await server.PostAsync(body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var lines = await WaitForLinesAsync(Path.Combine(server.DataDir, "events.jsonl"), 3);
        Assert.Equal(uuids.ToHashSet(), lines.Select(Uuid).ToHashSet());
        Assert.Equal(3, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE sink = 'archive' AND state = 1"));
    }

    [Fact]
    public async Task Post_WithRoutes_EachSinkGetsExactlyTheEventsItsRoutesSelect()
    {
        using var folder = new TempDirectory();
        var lifecycle = Path.Combine(folder.Path, "lifecycle.jsonl");
        var everything = Path.Combine(folder.Path, "all.jsonl");
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Sinks:lifecycle:Type"] = "file",
            ["Sinks:lifecycle:Path"] = lifecycle,
            ["Sinks:all:Type"] = "file",
            ["Sinks:all:Path"] = everything,
            ["Sinks:all:BatchSize"] = "50",
            ["Routes:0:Events:0"] = "user.lifecycle.*",
            ["Routes:0:Sinks:0"] = "lifecycle",
            ["Routes:0:Sinks:1"] = "all",
            ["Routes:1:Hooks:0"] = "okta",
            ["Routes:1:Sinks:0"] = "all",
        });
        var (users, userUuids) = OktaPayloads.Fresh(4, "user.lifecycle.create");
        var (sessions, sessionUuids) = OktaPayloads.Fresh(5, "user.session.start");

        (await server.PostAsync(users)).Dispose();
        (await server.PostAsync(sessions)).Dispose();

        var all = await WaitForLinesAsync(everything, 9);
        var lifecycleLines = await WaitForLinesAsync(lifecycle, 4);
        Assert.Equal(userUuids.Concat(sessionUuids).ToHashSet(), all.Select(Uuid).ToHashSet());
        Assert.Equal(9, all.Count);
        Assert.Equal(userUuids.ToHashSet(), lifecycleLines.Select(Uuid).ToHashSet());
        Assert.Equal(4, lifecycleLines.Count);
    }

    [Fact]
    public async Task Dispatch_IsCountedAndItsLagMeasured()
    {
        // A sink name of its own: parallel tests' servers share the process-wide meter name.
        var sink = "m" + Guid.NewGuid().ToString("N")[..10];
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "out.jsonl");
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            [$"Sinks:{sink}:Type"] = "file",
            [$"Sinks:{sink}:Path"] = path,
            ["Routes:0:Sinks:0"] = sink,
        });

        (await server.PostAsync(OktaPayloads.Fresh(2).Body)).Dispose();
        await WaitForLinesAsync(path, 2);
        await Task.Delay(200);
        var metrics = await server.Client.GetStringAsync("/metrics");

        Assert.Matches($$"""hookrelay_dispatch_items_total\{[^}]*outcome="delivered",sink="{{sink}}"\} 2\n""", metrics);
        Assert.Matches($$"""hookrelay_dispatch_lag_seconds_count\{[^}]*sink="{{sink}}"\} 2\n""", metrics);
    }

    [Fact]
    public async Task Dispatch_WithinABatch_SendsEventsInPublishedOrder()
    {
        await using var server = await RunningHookRelay.StartAsync();
        var events = new[] { ("c", "2026-08-20T14:03:17.000Z"), ("a", "2026-08-20T14:03:15.000Z"), ("b", "2026-08-20T14:03:16.000Z") }
            .Select(e => OktaPayloads.Event($"{e.Item1}-{Guid.NewGuid()}", published: e.Item2)).ToList();

        (await server.PostAsync(OktaPayloads.Envelope(events))).Dispose();

        var lines = await WaitForLinesAsync(Path.Combine(server.DataDir, "events.jsonl"), 3);
        Assert.Equal(["a", "b", "c"], lines.Select(l => Uuid(l)[..1]));
    }

    [Fact]
    public async Task Route_NamingSinkInOtherCase_DeliversToThatSink()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "archive.jsonl");
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Sinks:Archive:Type"] = "file",
            ["Sinks:Archive:Path"] = path,
            ["Routes:0:Sinks:0"] = "ARCHIVE",
        });

        (await server.PostAsync(OktaPayloads.Fresh(2).Body)).Dispose();

        await WaitForLinesAsync(path, 2);
        Assert.Equal(2, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE sink = 'Archive'"));
    }

    [Fact]
    public async Task Post_EventNoRouteSelects_GetsNoDispatchWork()
    {
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Sinks:out:Type"] = "stdout",
            ["Routes:0:Events:0"] = "user.lifecycle.*",
            ["Routes:0:Sinks:0"] = "out",
        });

        (await server.PostAsync(OktaPayloads.Fresh(2, "user.session.start").Body)).Dispose();

        Assert.Equal(2, StoreQueries.EventCount(server.DatabasePath));
        Assert.Equal(0, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch"));
    }

    [Fact]
    public async Task Start_WithRouteToUnknownSink_FailsNamingTheRoute()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Sinks:out:Type"] = "stdout",
            ["Routes:0:Sinks:0"] = "siem",
        }));

        Assert.Contains(ex.Failures, f => f.StartsWith("Routes:0:Sinks names 'siem'", StringComparison.Ordinal));
    }

    private static string Uuid(string line) => JsonDocument.Parse(line).RootElement.GetProperty("uuid").GetString()!;

    private static async Task<List<string>> WaitForLinesAsync(string path, int count)
    {
        var lines = new List<string>();
        for (var i = 0; i < 100 && lines.Count < count; i++)
        {
            await Task.Delay(100);
            lines = File.Exists(path) ? [.. File.ReadAllLines(path)] : [];
        }

        Assert.True(lines.Count >= count, $"{path} has {lines.Count} lines after 10 s, expected {count}");
        return lines;
    }
}

using System.Diagnostics;
using System.Text.Json;
using HookRelay.Storage;
using HookRelay.Storage.Sqlite;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Sinks.Http;

namespace HookRelay.Tests.Pipeline;

/// <summary>The pipeline against a real HTTP receiver on loopback that fails on purpose.</summary>
public sealed class HttpDispatchTests
{
    [Fact]
    public async Task SinkFailingThenRecovering_EveryEventArrives()
    {
        await using var receiver = await RecordingServer.StartAsync();
        receiver.Reply = new ServerReply(500, "boom");
        await using var server = await StartAsync(receiver);
        var (body, uuids) = OktaPayloads.Fresh(3);

        (await server.PostAsync(body)).Dispose();
        await Eventually.TrueAsync(() => receiver.Requests.Count >= 3, "three failed attempts");
        receiver.Reply = new ServerReply(204);
        var recovered = receiver.Requests.Count;

        await Eventually.TrueAsync(() => uuids.All(u => Delivered(receiver, recovered).Contains(u)), "every event delivered after recovery");
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 1") == 3, "three items marked delivered");
    }

    [Fact]
    public async Task SinkSlowerThanTheTimeoutThenFast_EveryEventArrives()
    {
        await using var receiver = await RecordingServer.StartAsync();
        receiver.Reply = new ServerReply(204, Delay: TimeSpan.FromSeconds(4));
        await using var server = await StartAsync(receiver);
        var (body, uuids) = OktaPayloads.Fresh(2);

        (await server.PostAsync(body)).Dispose();
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE last_error LIKE '%within 2 s%'") >= 1, "an attempt timed out");
        receiver.Reply = new ServerReply(204);

        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 1") == 2, "both delivered once the receiver answers in time");
        Assert.Equal(0, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 2"));
        Assert.Superset(uuids.ToHashSet(), Delivered(receiver, 0));
    }

    [Fact]
    public async Task SinkRefusingConnectionsThenUp_EveryEventArrives()
    {
        var refusing = RecordingServer.RefusingUrl();
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Sinks:siem:Type"] = "http",
            ["Sinks:siem:Url"] = refusing.ToString(),
            ["Routes:0:Sinks:0"] = "siem",
        });
        var (body, uuids) = OktaPayloads.Fresh(2);

        (await server.PostAsync(body)).Dispose();
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE last_error IS NOT NULL") >= 1, "an attempt refused");
        await using var receiver = await RecordingServer.StartAsync(refusing.Port);

        await Eventually.TrueAsync(() => uuids.All(u => Delivered(receiver, 0).Contains(u)), "both delivered once the receiver is up");
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 1") == 2, "both marked delivered");
    }

    [Fact]
    public async Task SinkRefusingWith400_MakesDeadLettersThatReplayDelivers()
    {
        await using var receiver = await RecordingServer.StartAsync();
        receiver.Reply = new ServerReply(400, """{"error":"schema"}""");
        await using var server = await StartAsync(receiver);
        var (body, uuids) = OktaPayloads.Fresh(2);

        (await server.PostAsync(body)).Dispose();
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 2") == 2, "two dead letters");
        var admin = new SqliteDispatchAdmin(new SqliteDatabase(new DataDirectory(server.DataDir), 5), TimeProvider.System);
        var dead = admin.DeadLetters("siem", 10);
        Assert.Equal(uuids.ToHashSet(), dead.Select(d => d.Uuid).ToHashSet());
        Assert.All(dead, d => Assert.Contains("400", d.LastError, StringComparison.Ordinal));
        Assert.All(dead, d => Assert.Equal(1, d.Attempts));

        receiver.Reply = new ServerReply(204);
        var beforeReplay = receiver.Requests.Count;
        var queued = admin.Replay(new ReplaySelection("siem", null, null, null, null, DeadLettersOnly: true));

        Assert.Equal(2, queued);
        await Eventually.TrueAsync(() => uuids.All(u => Delivered(receiver, beforeReplay).Contains(u)), "replayed dead letters delivered");
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 1") == 2, "both items marked delivered");
        Assert.Empty(admin.DeadLetters("siem", 10));
    }

    [Fact]
    public async Task SinkAnswering429_WaitsForRetryAfter()
    {
        await using var receiver = await RecordingServer.StartAsync();
        receiver.Reply = new ServerReply(429, RetryAfter: "3");
        await using var server = await StartAsync(receiver);

        (await server.PostAsync(OktaPayloads.Fresh(1).Body)).Dispose();
        await Eventually.TrueAsync(() => receiver.Requests.Count >= 1, "the first attempt");
        receiver.Reply = new ServerReply(204);
        await Eventually.TrueAsync(() => receiver.Requests.Count >= 2, "the second attempt");

        // Measured between the two arrivals, not from when the test noticed the first (a busy machine polls late).
        var waited = Stopwatch.GetElapsedTime(receiver.Requests[0].ArrivedAt, receiver.Requests[1].ArrivedAt);
        Assert.True(waited >= TimeSpan.FromSeconds(2.5), $"retried after {waited}, before Retry-After: 3");
    }

    [Fact]
    public async Task SinkFailingFiveTimesInARow_IsPausedAndLeftAlone()
    {
        await using var receiver = await RecordingServer.StartAsync();
        receiver.Reply = new ServerReply(503);
        await using var server = await StartAsync(receiver);

        (await server.PostAsync(OktaPayloads.Fresh(5).Body)).Dispose();
        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM sink_pauses WHERE sink = 'siem'") == 1, "the pause recorded");
        var attempts = receiver.Requests.Count;
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the first retries fall due after about a second
        var status = new SqliteDispatchAdmin(new SqliteDatabase(new DataDirectory(server.DataDir), 5), TimeProvider.System).Status();

        Assert.Equal(5, attempts);
        Assert.Equal(attempts, receiver.Requests.Count);
        var siem = Assert.Single(status);
        Assert.NotNull(siem.PausedUntil);
        Assert.Equal(5, siem.Failing);
    }

    [Fact]
    public async Task BatchRefusedForOneBadEvent_DeadLettersOnlyThatEvent()
    {
        await using var receiver = await RecordingServer.StartAsync();
        var (body, uuids) = OktaPayloads.Fresh(5);
        var poison = uuids[2];
        // The receiver refuses any request that carries the poison event, batch or not.
        receiver.Responder = r => System.Text.Encoding.UTF8.GetString(r.Body.Span).Contains(poison, StringComparison.Ordinal) ? new ServerReply(422, "bad event") : new ServerReply(204);
        await using var server = await StartAsync(receiver, batchSize: 10);

        (await server.PostAsync(body)).Dispose();

        await Eventually.TrueAsync(() => StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state <> 0") == 5, "all five settled");
        Assert.Equal(4, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 1"));
        Assert.Equal(1, StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM dispatch d JOIN events e ON e.seq = d.event_seq WHERE d.state = 2 AND e.uuid = $u", ("$u", poison)));
    }

    private static Task<RunningHookRelay> StartAsync(RecordingServer receiver, int batchSize = 1) =>
        RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Sinks:siem:Type"] = "http",
            ["Sinks:siem:Url"] = receiver.Url.ToString(),
            ["Sinks:siem:Timeout"] = "00:00:02",
            ["Sinks:siem:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Routes:0:Sinks:0"] = "siem",
        });

    /// <summary>The uuids of the requests from index <paramref name="from"/> on, the ones the current reply answered.</summary>
    private static HashSet<string> Delivered(RecordingServer receiver, int from) =>
        [.. receiver.Requests.Skip(from).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("uuid").GetString()!)];
}

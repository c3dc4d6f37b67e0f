using System.Globalization;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Simulator;

/// <summary>The org starts after an outage of its hooks: a backlog in the System Log that no hook was sent.</summary>
public sealed class BacklogTests
{
    [Fact]
    public async Task Backlog_PublishedEvenlyOverTheSpanBeforeStart_InTheSystemLog_NeverDelivered()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var before = TimeProvider.System.GetUtcNow();
        await using var org = await SimulatedOrg.StartAsync(
            o =>
            {
                o.Seed = 7;
                o.Traffic.Backlog = 600;
                o.Traffic.BacklogSpan = TimeSpan.FromMinutes(10);
                o.Traffic.EventsPerSecond = 200;
                o.Traffic.MaxEvents = 20;
            },
            SimulatedOrg.Target(receiver.Url));
        var started = TimeProvider.System.GetUtcNow();

        // Live traffic goes on after the outage and is delivered; a backlog event would have come first.
        await Eventually.TrueAsync(() => org.Stats.Delivered >= 20, "the 20 live events delivered");
        var log = await PollAllAsync(org);
        Assert.Equal(620, log.Count);
        var (backlog, live) = (log.Take(600).ToList(), log.Skip(600).ToList());
        Assert.Equal(live.Select(e => e.Uuid), receiver.ReceivedUuids);

        // One event a second over the ten minutes that ended when the org started.
        var published = backlog.Select(e => e.Published).ToList();
        Assert.InRange(published[0], Truncated(before - TimeSpan.FromMinutes(10)), started - TimeSpan.FromMinutes(10));
        Assert.All(published.Zip(published.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second - pair.First));
        Assert.True(published[^1] < live.Min(e => e.Published), "the backlog ends before live traffic begins");
        Assert.Equal(600, backlog.Select(e => e.Uuid).Distinct().Count());
    }

    /// <summary>Polling the whole log as a client would: every event, in the order Okta persisted it.</summary>
    private static async Task<List<(string Uuid, DateTimeOffset Published)>> PollAllAsync(SimulatedOrg org)
    {
        using var client = new HttpClient { BaseAddress = new Uri(org.Url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"SSWS {SimulatedOrg.Token}");
        var page = JsonDocument.Parse(await client.GetStringAsync("/api/v1/logs?since=2000-01-01T00:00:00Z&sortOrder=ASCENDING&limit=1000")).RootElement;
        return [.. page.EnumerateArray().Select(e => (
            e.GetProperty("uuid").GetString()!,
            DateTimeOffset.Parse(e.GetProperty("published").GetString()!, CultureInfo.InvariantCulture)))];
    }

    private static DateTimeOffset Truncated(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMillisecond));
}

using System.Diagnostics;
using HookRelay.Simulator.Generation;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Simulator;

/// <summary>The fault knobs do what they say, and the same seed makes the same faults.</summary>
public sealed class DeliveryFaultTests
{
    [Fact]
    public async Task Drop_All_EventsStayInTheSystemLogButNeverArrive_NoFailureEvent()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var org = await SimulatedOrg.StartAsync(o => o.Delivery.Drop = 1);
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));

        for (var i = 0; i < 20; i++)
        {
            org.Log.Append("user.session.start");
        }

        await Eventually.TrueAsync(() => org.Stats.Dropped == 20, "20 events lost");
        Assert.Empty(receiver.Requests);
        Assert.Equal(20, org.Log.Count);
        Assert.Empty(await org.DeliveryFailuresAsync());
    }

    [Fact]
    public async Task Drop_Half_LosesAboutHalf_TheSameOnesForTheSameSeed()
    {
        var first = await DeliveredWithDropAsync(seed: 5);
        var again = await DeliveredWithDropAsync(seed: 5);
        var other = await DeliveredWithDropAsync(seed: 6);

        Assert.InRange(first.Count, 60, 140);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Duplicate_All_EveryRequestArrivesTwice_CountedOnce()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var org = await SimulatedOrg.StartAsync(o => o.Delivery.Duplicate = 1);
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));

        var uuids = Enumerable.Range(0, 10).Select(_ => org.Log.Append("group.user_membership.add").Uuid).ToList();

        await Eventually.TrueAsync(() => org.Stats.Delivered == 10 && receiver.Requests.Count == 2 * org.Stats.Duplicated, "every request sent twice");
        var byEventId = receiver.Requests.GroupBy(r => r.Envelope.GetProperty("eventId").GetString()).ToList();
        Assert.All(byEventId, g => Assert.Equal(2, g.Count()));
        Assert.All(byEventId, g => Assert.Equal(g.First().Body, g.Last().Body));
        Assert.Equal(uuids.ToHashSet(), receiver.ReceivedUuids.ToHashSet());
        Assert.Equal(20, receiver.ReceivedUuids.Count);
    }

    [Fact]
    public async Task Reorder_All_TheLaterBatchArrivesFirst()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var org = await SimulatedOrg.StartAsync(o =>
        {
            o.Delivery.Reorder = 1;
            o.Delivery.MaxBatchSize = 3;
        });
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));

        var uuids = Enumerable.Range(0, 6).Select(_ => org.Log.Append("user.session.start").Uuid).ToList();

        await Eventually.TrueAsync(() => receiver.ReceivedUuids.Count == 6, "every batch delivered");
        Assert.Equal(uuids.ToHashSet(), receiver.ReceivedUuids.ToHashSet());

        // Usually [4,5,6] then [1,2,3]; if a batch window splits the appends, still later before earlier.
        var (first, second) = (receiver.Requests[0].Uuids, receiver.Requests[1].Uuids);
        Assert.True(first.Min(u => uuids.IndexOf(u)) > second.Max(u => uuids.IndexOf(u)), $"arrival order: {string.Join(" ", receiver.ReceivedUuids.Select(u => uuids.IndexOf(u)))}");
    }

    [Fact]
    public async Task Delay_Fixed_EveryRequestWaitsAtLeastThatLong()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var org = await SimulatedOrg.StartAsync(o => o.Delivery.Delay = TimeSpan.FromMilliseconds(600));
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));

        var appended = Stopwatch.GetTimestamp();
        org.Log.Append("user.session.start");

        await Eventually.TrueAsync(() => receiver.Requests.Count == 1, "the delayed delivery");
        var waited = Stopwatch.GetElapsedTime(appended, receiver.Requests[0].Timestamp);
        Assert.True(waited >= TimeSpan.FromMilliseconds(600), $"arrived after {waited.TotalMilliseconds} ms");
    }

    /// <summary>200 generated events through a hook that drops half; the uuids that arrived.</summary>
    private static async Task<HashSet<string>> DeliveredWithDropAsync(int seed)
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var org = await SimulatedOrg.StartAsync(o =>
        {
            o.Seed = seed;
            o.Delivery.Drop = 0.5;
        });
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));
        var generator = new SimulatedEventGenerator(seed: 9);
        for (var i = 0; i < 200; i++)
        {
            var e = generator.Next(new DateTimeOffset(2026, 8, 20, 14, 0, 0, TimeSpan.Zero).AddSeconds(i));
            org.Log.AppendDocument(e.Uuid, e.EventType, e.Published, e.Json);
        }

        await Eventually.TrueAsync(() => org.Stats.Dropped + org.Stats.Delivered == 200, "every event delivered or dropped");
        Assert.Equal(200 - org.Stats.Dropped, receiver.ReceivedUuids.Count);
        return [.. receiver.ReceivedUuids];
    }
}

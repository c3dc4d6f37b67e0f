using HookRelay.Simulator.Delivery;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Simulator;

/// <summary>The simulated org delivers like Okta: envelope, secret header, batches, 3 s timeout, one retry, failure events.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task Deliver_PostsOktaEnvelopeWithTheSecretHeader_OnlySubscribedEligibleTypes()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var org = await SimulatedOrg.StartAsync();
        org.Targets.Add(SimulatedOrg.Target(receiver.Url, secret: "Basic c2ltOnMzY3JldA==", eventTypes: ["user.session.start", "user.lifecycle.create"]));
        org.Targets.Add(SimulatedOrg.Target(receiver.Url, secret: "other-secret", header: "X-Hook-Key", id: "whoSecondHook0000002"));

        var start = org.Log.Append("user.session.start");
        var create = org.Log.Append("user.lifecycle.create");
        var membership = org.Log.Append("group.user_membership.add");
        org.Log.Append("event_hook.delivery");
        org.Log.Append("policy.evaluate_sign_on");

        await Eventually.TrueAsync(() => receiver.ReceivedUuids.Count == 5, "2 events to the first hook, 3 to the second");
        var first = receiver.Requests.Where(r => r.Headers.ContainsKey("Authorization")).ToList();
        var second = receiver.Requests.Where(r => r.Headers.ContainsKey("X-Hook-Key")).ToList();
        Assert.Equal([start.Uuid, create.Uuid], first.SelectMany(r => r.Uuids));
        Assert.Equal([start.Uuid, create.Uuid, membership.Uuid], second.SelectMany(r => r.Uuids));
        Assert.All(first, r => Assert.Equal("Basic c2ltOnMzY3JldA==", r.Headers["Authorization"]));
        Assert.All(second, r => Assert.Equal("other-secret", r.Headers["X-Hook-Key"]));

        var request = first[0];
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("application/json", request.Headers["Accept"]);
        var envelope = request.Envelope;
        Assert.Equal("com.okta.event_hook", envelope.GetProperty("eventType").GetString());
        Assert.Equal("1.0", envelope.GetProperty("eventTypeVersion").GetString());
        Assert.Equal("0.1", envelope.GetProperty("cloudEventsVersion").GetString());
        Assert.Equal("application/json", envelope.GetProperty("contentType").GetString());
        Assert.Equal($"{org.Url}/api/v1/eventHooks/{SimulatedOrg.HookId}", envelope.GetProperty("source").GetString());
        Assert.True(Guid.TryParse(envelope.GetProperty("eventId").GetString(), out _));
        Assert.True(DateTimeOffset.TryParse(envelope.GetProperty("eventTime").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(receiver.Requests.Count, receiver.Requests.Select(r => r.Envelope.GetProperty("eventId").GetString()).Distinct().Count());

        // The delivered event is the System Log's document, byte for byte.
        var delivered = request.Envelope.GetProperty("data").GetProperty("events")[0].GetRawText();
        Assert.Equal(start.Json, delivered);
        Assert.Equal(5, org.Stats.Delivered);
    }

    [Fact]
    public async Task Deliver_ManyEventsAtOnce_BatchesOfAtMost50()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var org = await SimulatedOrg.StartAsync();
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));

        var uuids = Enumerable.Range(0, 120).Select(_ => org.Log.Append("user.session.start").Uuid).ToList();

        await Eventually.TrueAsync(() => receiver.ReceivedUuids.Count == 120, "all 120 events delivered");
        Assert.All(receiver.Requests, r => Assert.InRange(r.Uuids.Count, 1, 50));
        Assert.InRange(receiver.Requests.Count, 3, 120);
        Assert.Equal(uuids, receiver.ReceivedUuids);
    }

    [Fact]
    public async Task Deliver_5xx_RetriedExactlyOnce_ThenAFailureEventInTheSystemLog()
    {
        await using var receiver = await RecordingReceiver.StartAsync(_ => (503, TimeSpan.Zero));
        await using var org = await SimulatedOrg.StartAsync();
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));

        var logged = org.Log.Append("user.lifecycle.create");

        await Eventually.TrueAsync(() => org.Stats.FailedDeliveries == 1, "the delivery given up");
        var failures = await org.DeliveryFailuresAsync();
        var failure = Assert.Single(failures);
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(receiver.Requests[0].Body, receiver.Requests[1].Body);
        Assert.Equal("FAILURE", failure.GetProperty("outcome").GetProperty("result").GetString());
        Assert.Contains("HTTP 503", failure.GetProperty("outcome").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("1 retry", failure.GetProperty("outcome").GetProperty("reason").GetString(), StringComparison.Ordinal);
        var target = Assert.Single(failure.GetProperty("target").EnumerateArray());
        Assert.Equal(SimulatedOrg.HookId, target.GetProperty("id").GetString());
        Assert.Equal("EventHook", target.GetProperty("type").GetString());
        var debug = failure.GetProperty("debugContext").GetProperty("debugData");
        Assert.Equal(logged.Uuid, debug.GetProperty("deliveredEventIds").GetString());
        Assert.Equal("503", debug.GetProperty("httpStatusCode").GetString());
        Assert.Equal(receiver.Requests[0].Envelope.GetProperty("eventId").GetString(), debug.GetProperty("eventHookDeliveryId").GetString());

        // Forgotten: no third attempt, and the failure event itself is not delivered.
        Assert.Equal(1, org.Stats.Retries);
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task Deliver_5xxThenSuccess_DeliveredByTheRetry_NoFailureEvent()
    {
        await using var receiver = await RecordingReceiver.StartAsync(i => (i == 0 ? 500 : 200, TimeSpan.Zero));
        await using var org = await SimulatedOrg.StartAsync();
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));

        var logged = org.Log.Append("user.session.start");

        await Eventually.TrueAsync(() => org.Stats.Delivered == 1, "delivered by the retry");
        Assert.Equal([logged.Uuid, logged.Uuid], receiver.ReceivedUuids);
        Assert.Empty(await org.DeliveryFailuresAsync());
        Assert.Equal(0, org.Stats.FailedDeliveries);
    }

    [Fact]
    public async Task Deliver_4xx_NotRetried_FailureEventNamesTheStatus()
    {
        await using var receiver = await RecordingReceiver.StartAsync(_ => (401, TimeSpan.Zero));
        await using var org = await SimulatedOrg.StartAsync();
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));

        org.Log.Append("user.session.start");

        await Eventually.TrueAsync(() => org.Stats.FailedDeliveries == 1, "the delivery given up");
        Assert.Single(receiver.Requests);
        Assert.Equal(0, org.Stats.Retries);
        var failure = Assert.Single(await org.DeliveryFailuresAsync());
        Assert.Contains("HTTP 401 (no retry)", failure.GetProperty("outcome").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_SlowerThanTheTimeout_RetriedOnce_ThenTimeoutFailure()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), new SimulatedDeliveryOptions().Timeout);
        await using var receiver = await RecordingReceiver.StartAsync(_ => (200, TimeSpan.FromSeconds(5)));
        await using var org = await SimulatedOrg.StartAsync(o => o.Delivery.Timeout = TimeSpan.FromMilliseconds(300));
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));

        org.Log.Append("user.session.start");

        await Eventually.TrueAsync(() => org.Stats.FailedDeliveries == 1, "the delivery given up after two timeouts");
        Assert.Equal(2, receiver.Requests.Count);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(receiver.Requests[0].Timestamp, receiver.Requests[1].Timestamp);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(300), $"retried after {elapsed.TotalMilliseconds} ms, before the timeout");
        var failure = Assert.Single(await org.DeliveryFailuresAsync());
        Assert.Contains("timed out after 300 ms (1 retry attempted)", failure.GetProperty("outcome").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, org.Stats.Delivered);
    }

    [Fact]
    public async Task Deliver_ReceiverDown_RetriedOnce_ThenFailure()
    {
        var closedPort = HookRelayProcess.FreePort();
        await using var org = await SimulatedOrg.StartAsync();
        org.Targets.Add(SimulatedOrg.Target(new Uri($"http://127.0.0.1:{closedPort}/hooks/sim")));

        org.Log.Append("user.session.start");

        await Eventually.TrueAsync(() => org.Stats.FailedDeliveries == 1, "the delivery given up");
        Assert.Equal(2, org.Stats.Requests);
        var failure = Assert.Single(await org.DeliveryFailuresAsync());
        Assert.Contains("connection failed", failure.GetProperty("outcome").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_HookRemoved_StopsDelivering()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var org = await SimulatedOrg.StartAsync();
        org.Targets.Add(SimulatedOrg.Target(receiver.Url));
        org.Log.Append("user.session.start");
        await Eventually.TrueAsync(() => receiver.ReceivedUuids.Count == 1, "the first event delivered");

        Assert.True(org.Targets.Remove(SimulatedOrg.HookId));
        org.Targets.Add(SimulatedOrg.Target(receiver.Url, id: "whoSecondHook0000002"));
        var later = org.Log.Append("user.session.end");

        await Eventually.TrueAsync(() => receiver.ReceivedUuids.Contains(later.Uuid), "the new hook's event delivered");
        Assert.Single(receiver.Requests, r => r.Envelope.GetProperty("source").GetString()!.EndsWith(SimulatedOrg.HookId, StringComparison.Ordinal));
    }
}

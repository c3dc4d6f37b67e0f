using System.Text;
using HookRelay.Sinks;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Sinks.Nats;

public sealed class NatsSinkPublishTests
{
    [Fact]
    public async Task Deliver_SampleEvents_ArriveUnderTypeSubjectsWithMsgIdHeader()
    {
        await using var server = await NatsServer.StartAsync();
        await using var sink = TestNatsSink.Create(server.Url);
        var events = NatsTestEvents.Sample();

        var result = await sink.DeliverAsync(events, CancellationToken.None);

        Assert.Equal(SinkResult.Delivered, result);
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        var stored = await probe.ReadAllAsync("OKTA");
        Assert.Equal(["okta.user.session.start", "okta.group.user_membership.add"], stored.Select(m => m.Subject));
        Assert.Equal(events.Select(e => e.Uuid), stored.Select(m => m.MsgId));
    }

    [Fact]
    public async Task Deliver_AwkwardJson_PayloadIsByteIdentical()
    {
        await using var server = await NatsServer.StartAsync();
        await using var sink = TestNatsSink.Create(server.Url);
        var awkward = "{ \"uuid\" : \"aw-1\",\n\t\"eventType\":\"user.session.start\", \"displayMessage\":\"Connexion r\u00e9ussie \\u00e9 \\ud83d\\ude00 \u2603\", \"n\":1.50E+3, \"empty\":{} }\r\n"u8.ToArray();
        var events = NatsTestEvents.Sample().Append(NatsTestEvents.Create("aw-1", "user.session.start", awkward)).ToList();

        var result = await sink.DeliverAsync(events, CancellationToken.None);

        Assert.Equal(SinkResult.Delivered, result);
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        var stored = await probe.ReadAllAsync("OKTA");
        Assert.Equal(events.Count, stored.Count);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(events[i].Json.ToArray(), stored[i].Data);
        }
    }

    [Fact]
    public async Task Deliver_LargeBatch_LandsInBatchOrder()
    {
        await using var server = await NatsServer.StartAsync();
        await using var sink = TestNatsSink.Create(server.Url);
        var events = NatsTestEvents.Fresh(200, "user.lifecycle.create");

        var result = await sink.DeliverAsync(events, CancellationToken.None);

        Assert.Equal(SinkResult.Delivered, result);
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        var stored = await probe.ReadAllAsync("OKTA");
        Assert.Equal(events.Select(e => e.Uuid), stored.Select(m => m.MsgId));
        Assert.All(stored, m => Assert.Equal("okta.user.lifecycle.create", m.Subject));
    }

    [Fact]
    public async Task Deliver_EventTypesNatsCannotCarry_ArriveUnderSanitisedSubjects()
    {
        await using var server = await NatsServer.StartAsync();
        await using var sink = TestNatsSink.Create(server.Url);
        var events = new[]
        {
            NatsTestEvents.Create("s-1", "user session*start>", "{}"u8.ToArray()),
            NatsTestEvents.Create("s-2", null, "{}"u8.ToArray()),
            NatsTestEvents.Create("s-3", "user..start.", "{}"u8.ToArray()),
        };

        var result = await sink.DeliverAsync(events, CancellationToken.None);

        Assert.Equal(SinkResult.Delivered, result);
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        var stored = await probe.ReadAllAsync("OKTA");
        Assert.Equal(["okta.user_session_start_", "okta.unknown", "okta.user._.start._"], stored.Select(m => m.Subject));
    }

    [Fact]
    public async Task Deliver_HookInTemplate_SubjectNamesTheHook()
    {
        await using var server = await NatsServer.StartAsync();
        await using var sink = TestNatsSink.Create(server.Url, subject: "okta.{hook}.{eventType}");
        var events = NatsTestEvents.Sample(hook: "prod.eu tenant");

        var result = await sink.DeliverAsync(events, CancellationToken.None);

        Assert.Equal(SinkResult.Delivered, result);
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        var stored = await probe.ReadAllAsync("OKTA");
        Assert.Equal(["okta.prod_eu_tenant.user.session.start", "okta.prod_eu_tenant.group.user_membership.add"], stored.Select(m => m.Subject));
        Assert.Equal(["okta.*.>"], (await probe.FindStreamConfigAsync("OKTA"))!.Subjects!);
        Assert.Equal(Encoding.UTF8.GetString(events[0].Json.Span), Encoding.UTF8.GetString(stored[0].Data));
    }

    [Fact]
    public async Task Deliver_ConcurrentBatchesFromColdStart_AllArriveOnOneConnection()
    {
        await using var server = await NatsServer.StartAsync();
        await using var sink = TestNatsSink.Create(server.Url);
        var batches = Enumerable.Range(0, 8).Select(_ => NatsTestEvents.Fresh(25)).ToList();

        var results = await Task.WhenAll(batches.Select(b => sink.DeliverAsync(b, CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(SinkResult.Delivered, r));
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        var stored = await probe.ReadAllAsync("OKTA");
        Assert.Equal(batches.SelectMany(b => b).Select(e => e.Uuid).Order(StringComparer.Ordinal), stored.Select(m => m.MsgId!).Order(StringComparer.Ordinal));
        Assert.All(batches, b => Assert.Equal(b.Select(e => e.Uuid), stored.Select(m => m.MsgId).Where(id => b.Any(e => e.Uuid == id))));
    }

    [Fact]
    public async Task Deliver_EventLargerThanServerMaxPayload_RejectsBatch()
    {
        await using var server = await NatsServer.StartAsync();
        await using var sink = TestNatsSink.Create(server.Url);
        var blob = new string('x', 1_100_000);
        var huge = Encoding.UTF8.GetBytes($$"""{"uuid":"big-1","eventType":"user.session.start","blob":"{{blob}}"}""");
        var events = NatsTestEvents.Fresh(2).Append(NatsTestEvents.Create("big-1", "user.session.start", huge)).ToList();

        var result = await sink.DeliverAsync(events, CancellationToken.None);

        Assert.Equal(SinkOutcome.Reject, result.Outcome);
        Assert.Contains("max_payload", result.Error, StringComparison.Ordinal);
        Assert.Contains("big-1", result.Error, StringComparison.Ordinal);
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        Assert.Empty(await probe.ReadAllAsync("OKTA"));
    }
}

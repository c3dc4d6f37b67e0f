using HookRelay.Sinks;
using HookRelay.Tests.Infrastructure;
using NATS.Client.JetStream.Models;

namespace HookRelay.Tests.Sinks.Nats;

public sealed class NatsSinkStreamTests
{
    [Fact]
    public async Task Deliver_StreamMissing_CreatesItCapturingTheTemplate()
    {
        await using var server = await NatsServer.StartAsync();
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        Assert.Null(await probe.FindStreamConfigAsync("OKTA"));
        await using var sink = TestNatsSink.Create(server.Url);

        var result = await sink.DeliverAsync(NatsTestEvents.Sample(), CancellationToken.None);

        Assert.Equal(SinkResult.Delivered, result);
        var config = await probe.FindStreamConfigAsync("OKTA");
        Assert.NotNull(config);
        Assert.Equal(["okta.>"], config.Subjects!);
    }

    [Fact]
    public async Task Deliver_StreamExists_LeavesItsConfigurationAlone()
    {
        await using var server = await NatsServer.StartAsync();
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        await probe.JetStream.CreateStreamAsync(new StreamConfig("OKTA", ["okta.user.>", "okta.group.>", "audit.>"])
        {
            Description = "the operator's own",
            MaxMsgs = 1000,
            DuplicateWindow = TimeSpan.FromMinutes(10),
            Storage = StreamConfigStorage.Memory,
        });
        await using var sink = TestNatsSink.Create(server.Url);

        var result = await sink.DeliverAsync(NatsTestEvents.Sample(), CancellationToken.None);

        Assert.Equal(SinkResult.Delivered, result);
        var config = (await probe.FindStreamConfigAsync("OKTA"))!;
        Assert.Equal(["okta.user.>", "okta.group.>", "audit.>"], config.Subjects!);
        Assert.Equal("the operator's own", config.Description);
        Assert.Equal(1000, config.MaxMsgs);
        Assert.Equal(TimeSpan.FromMinutes(10), config.DuplicateWindow);
        Assert.Equal(StreamConfigStorage.Memory, config.Storage);
        Assert.Equal(2, (await probe.ReadAllAsync("OKTA")).Count);
    }

    [Fact]
    public async Task Deliver_ExistingStreamDoesNotCaptureTheSubject_RejectsAndStoresNothing()
    {
        await using var server = await NatsServer.StartAsync();
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        await probe.JetStream.CreateStreamAsync(new StreamConfig("OKTA", ["okta.user.>"]));
        await using var sink = TestNatsSink.Create(server.Url);

        // The sample's second event is group.user_membership.add, which okta.user.> does not take.
        var result = await sink.DeliverAsync(NatsTestEvents.Sample(), CancellationToken.None);

        Assert.Equal(SinkOutcome.Reject, result.Outcome);
        Assert.Contains("okta.group.user_membership.add", result.Error, StringComparison.Ordinal);
        Assert.Empty(await probe.ReadAllAsync("OKTA"));
    }

    [Fact]
    public async Task Deliver_AnotherStreamOwnsTheSubjects_Rejects()
    {
        await using var server = await NatsServer.StartAsync();
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        await probe.JetStream.CreateStreamAsync(new StreamConfig("LEGACY", ["okta.>"]));
        await using var sink = TestNatsSink.Create(server.Url);

        // OKTA cannot be created: its subjects would overlap LEGACY's, which no retry will change.
        var result = await sink.DeliverAsync(NatsTestEvents.Sample(), CancellationToken.None);

        Assert.Equal(SinkOutcome.Reject, result.Outcome);
        Assert.Contains("OKTA", result.Error, StringComparison.Ordinal);
        Assert.Null(await probe.FindStreamConfigAsync("OKTA"));
        Assert.Empty(await probe.ReadAllAsync("LEGACY"));
    }

    [Fact]
    public async Task Deliver_StreamDeletedWhileRunning_RetriesThenRecreatesIt()
    {
        await using var server = await NatsServer.StartAsync();
        await using var probe = await JetStreamProbe.ConnectAsync(server.Url);
        await using var sink = TestNatsSink.Create(server.Url);
        Assert.Equal(SinkResult.Delivered, await sink.DeliverAsync(NatsTestEvents.Fresh(3), CancellationToken.None));
        await probe.JetStream.DeleteStreamAsync("OKTA");
        var events = NatsTestEvents.Sample();

        var whileGone = await sink.DeliverAsync(events, CancellationToken.None);
        var next = await sink.DeliverAsync(events, CancellationToken.None);

        Assert.Equal(SinkOutcome.Retry, whileGone.Outcome);
        Assert.Equal(SinkResult.Delivered, next);
        Assert.Equal(events.Select(e => e.Uuid), (await probe.ReadAllAsync("OKTA")).Select(m => m.MsgId));
    }
}

using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Sinks.Nats;

namespace HookRelay.Tests.Pipeline;

/// <summary>The pipeline into a real nats-server with JetStream.</summary>
public sealed class NatsDispatchTests
{
    [Fact]
    public async Task Post_RoutedToNats_ArrivesInTheStreamWithSubjectAndMsgId()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Sinks:bus:Type"] = "nats",
            ["Sinks:bus:Url"] = nats.Url,
            ["Sinks:bus:Stream"] = "OKTA",
            ["Sinks:bus:Subject"] = "okta.{hook}.{eventType}",
            ["Routes:0:Events:0"] = "user.*",
            ["Routes:0:Sinks:0"] = "bus",
        });
        var (users, uuids) = OktaPayloads.Fresh(3, "user.lifecycle.create");
        var (groups, _) = OktaPayloads.Fresh(2, "group.user_membership.add");

        (await server.PostAsync(users)).Dispose();
        (await server.PostAsync(groups)).Dispose();

        await using var probe = await JetStreamProbe.ConnectAsync(nats.Url);
        IReadOnlyList<StoredNatsMessage> messages = [];
        for (var i = 0; i < 100 && messages.Count < 3; i++)
        {
            await Task.Delay(100);
            messages = await probe.FindStreamConfigAsync("OKTA") is null ? [] : await probe.ReadAllAsync("OKTA");
        }

        Assert.Equal(uuids.ToHashSet(), messages.Select(m => m.MsgId ?? string.Empty).ToHashSet());
        Assert.All(messages, m => Assert.Equal("okta.okta.user.lifecycle.create", m.Subject));
        Assert.All(messages, m => Assert.Equal(StoreQueries.EventJson(server.DatabasePath, m.MsgId!), System.Text.Encoding.UTF8.GetString(m.Data)));
    }
}

using HookRelay.Okta;
using HookRelay.Okta.EventHooks;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Sinks.Http;

namespace HookRelay.Tests.Okta;

/// <summary><c>POST /lifecycle/verify</c>: the simulator really calls the hook, as Okta does.</summary>
public sealed class EventHookVerificationTests
{
    [Fact]
    public async Task Verify_AgainstRunningHookRelay_MakesTheHookVerifiedAndDeliverable()
    {
        await using var okta = await SimulatedOrg.StartAsync();
        await using var server = await RunningHookRelay.StartAsync();
        var api = okta.Api();
        var created = await api.CreateAsync(EventHooksApiTests.Hook(new Uri(server.BaseAddress, "/hooks/okta").ToString(), TestSecrets.Primary), CancellationToken.None);
        Assert.Empty(okta.Hooks.Deliverable());

        var verified = await api.VerifyAsync(created.Id!, CancellationToken.None);

        Assert.Equal(EventHook.Verified, verified.VerificationStatus);
        var deliverable = Assert.Single(okta.Hooks.Deliverable());
        Assert.Equal((created.Id, "Authorization", TestSecrets.Primary), (deliverable.Id, deliverable.AuthHeaderName, deliverable.AuthHeaderValue));
        Assert.Equal([new("X-Acme-Tenant", "prod-eu")], deliverable.Headers);
        Assert.Equal(["user.lifecycle.create", "group.user_membership.add"], deliverable.EventTypes);
        Assert.DoesNotContain(TestSecrets.Primary, deliverable.ToString(), StringComparison.Ordinal);

        await api.DeactivateAsync(created.Id!, CancellationToken.None);
        Assert.Empty(okta.Hooks.Deliverable());
    }

    [Fact]
    public async Task HookCreatedAndVerifiedThroughTheApi_ReceivesTheOrgsEventsUntilDeactivated()
    {
        await using var okta = await SimulatedOrg.StartAsync(o => o.Delivery.BatchWindow = TimeSpan.FromMilliseconds(50));
        await using var server = await RunningHookRelay.StartAsync();
        var api = okta.Api();
        var created = await api.CreateAsync(EventHooksApiTests.Hook(new Uri(server.BaseAddress, "/hooks/okta").ToString(), TestSecrets.Primary), CancellationToken.None);
        var beforeVerify = okta.Log.Append("user.lifecycle.create");
        await Task.Delay(500);
        Assert.Equal(0, StoreQueries.EventCount(server.DatabasePath));

        await api.VerifyAsync(created.Id!, CancellationToken.None);
        await Task.Delay(500);
        var delivered = okta.Log.Append("user.lifecycle.create");
        var notSubscribed = okta.Log.Append("user.session.start");

        await Eventually.TrueAsync(() => StoreQueries.AllUuids(server.DatabasePath).Contains(delivered.Uuid), "the event delivered once the hook is verified");
        await api.DeactivateAsync(created.Id!, CancellationToken.None);
        await Task.Delay(500);
        var afterDeactivate = okta.Log.Append("user.lifecycle.create");
        await Task.Delay(1000);
        var stored = StoreQueries.AllUuids(server.DatabasePath);
        Assert.Equal([delivered.Uuid], stored);
        Assert.DoesNotContain(beforeVerify.Uuid, stored);
        Assert.DoesNotContain(notSubscribed.Uuid, stored);
        Assert.DoesNotContain(afterDeactivate.Uuid, stored);
    }

    [Fact]
    public async Task Verify_SendsAGetWithTheChallengeTheSecretAndTheCustomHeaders()
    {
        await using var okta = await SimulatedOrg.StartAsync();
        await using var hook = await RecordingServer.StartAsync();
        hook.Responder = r => new ServerReply(200, $$"""{"verification":"{{r.Header("x-okta-verification-challenge")}}"}""");
        var created = await okta.Api().CreateAsync(EventHooksApiTests.Hook(hook.Url.ToString(), "s3cret-value-for-the-header-0123456789"), CancellationToken.None);

        await okta.Api().VerifyAsync(created.Id!, CancellationToken.None);

        var request = hook.OnlyRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal(0, request.Body.Length);
        Assert.False(string.IsNullOrEmpty(request.Header("X-Okta-Verification-Challenge")));
        Assert.Equal("s3cret-value-for-the-header-0123456789", request.Header("Authorization"));
        Assert.Equal("prod-eu", request.Header("X-Acme-Tenant"));
        Assert.Equal("Okta-Integrations", request.Header("User-Agent"));
    }

    [Fact]
    public async Task Verify_WhenHookRelayRefusesTheSecret_Fails400AndTheHookStaysUnverified()
    {
        await using var okta = await SimulatedOrg.StartAsync();
        await using var server = await RunningHookRelay.StartAsync();
        var api = okta.Api();
        var created = await api.CreateAsync(EventHooksApiTests.Hook(new Uri(server.BaseAddress, "/hooks/okta").ToString(), TestSecrets.Rotated), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<OktaApiException>(() => api.VerifyAsync(created.Id!, CancellationToken.None));

        Assert.Equal((400, "E0000001"), (ex.StatusCode, ex.ErrorCode));
        Assert.Contains("could not verify", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.Rotated, ex.Message, StringComparison.Ordinal);
        Assert.Equal("UNVERIFIED", (await api.GetAsync(created.Id!, CancellationToken.None)).VerificationStatus);
    }

    [Theory]
    [InlineData(200, """{"verification":"something else"}""", 0)]
    [InlineData(200, "not json", 0)]
    [InlineData(200, """{"verification":"late"}""", 800)]
    public async Task Verify_WrongEchoOrTooSlow_FailsAfterOneRetry(int status, string body, int delayMs)
    {
        await using var okta = await SimulatedOrg.StartAsync(o => o.VerificationTimeout = TimeSpan.FromMilliseconds(300));
        await using var hook = await RecordingServer.StartAsync();
        hook.Reply = new ServerReply(status, body, Delay: TimeSpan.FromMilliseconds(delayMs));
        var created = await okta.Api().CreateAsync(EventHooksApiTests.Hook(hook.Url.ToString()), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<OktaApiException>(() => okta.Api().VerifyAsync(created.Id!, CancellationToken.None));

        Assert.Equal(400, ex.StatusCode);
        await Eventually.TrueAsync(() => hook.Requests.Count == 2, "Okta tried twice");
        Assert.Equal("UNVERIFIED", okta.Hooks.Get(created.Id!)!.VerificationStatus);
    }
}

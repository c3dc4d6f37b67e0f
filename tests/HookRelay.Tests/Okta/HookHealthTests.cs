using HookRelay.Okta;
using HookRelay.Okta.EventHooks;

namespace HookRelay.Tests.Okta;

/// <summary>Which Okta event hooks count as delivering to a HookRelay hook, and when that is a problem.</summary>
public sealed class HookHealthTests
{
    [Fact]
    public void OneActiveVerifiedHook_IsEnough_EvenBesideAnOldDeactivatedOne()
    {
        IReadOnlyList<EventHook> hooks = [Hook("who1", "https://relay.example/hooks/okta", "ACTIVE", "VERIFIED"), Hook("who2", "https://old.example/hooks/okta/", "INACTIVE", "VERIFIED")];

        Assert.Empty(HookHealth.Problems(["okta"], hooks));
    }

    [Theory]
    [InlineData("INACTIVE", "VERIFIED", "is INACTIVE")]
    [InlineData("ACTIVE", "UNVERIFIED", "is UNVERIFIED")]
    public void OnlyAHookOktaWillNotSendTo_IsAProblemNamingIt(string status, string verification, string expected)
    {
        var problem = Assert.Single(HookHealth.Problems(["okta"], [Hook("who1", "https://relay.example/hooks/okta", status, verification)]));

        Assert.Contains($"(who1) {expected}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void NoHookEndingInTheHooksPath_IsAProblem_AndOtherHooksDoNotCount()
    {
        var problem = Assert.Single(HookHealth.Problems(["okta"], [Hook("who1", "https://relay.example/hooks/okta-staging", "ACTIVE", "VERIFIED")]));

        Assert.Contains("no Okta event hook delivers to HookRelay hook 'okta'", problem, StringComparison.Ordinal);
    }

    private static EventHook Hook(string id, string uri, string status, string verification) =>
        new("hook " + id, new EventHookEvents(["user.session.start"]), new EventHookChannel(new EventHookChannelConfig(new Uri(uri))), Id: id, Status: status, VerificationStatus: verification);
}

using HookRelay.Sinks.Nats;

namespace HookRelay.Tests.Sinks.Nats;

public sealed class NatsSubjectsTests
{
    [Theory]
    [InlineData("okta.>", "okta.user.session.start", true)]
    [InlineData("okta.>", "okta.unknown", true)]
    [InlineData("okta.>", "okta", false)]
    [InlineData("okta.*", "okta.unknown", true)]
    [InlineData("okta.*", "okta.user.session", false)]
    [InlineData("okta.*.>", "okta.prod.user", true)]
    [InlineData("okta.*.>", "okta.prod", false)]
    [InlineData("okta.user.>", "okta.group.user_membership.add", false)]
    [InlineData("okta.events", "okta.events", true)]
    [InlineData("okta.events", "okta.events.more", false)]
    [InlineData(">", "anything.at.all", true)]
    [InlineData("*.events", "prod.events", true)]
    public void Matches_FilterAndSubject_FollowsNatsWildcards(string filter, string subject, bool expected)
    {
        Assert.Equal(expected, NatsSubjects.Matches(filter, subject));
    }
}

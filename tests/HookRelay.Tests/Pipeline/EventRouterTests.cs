using HookRelay.Pipeline;
using HookRelay.Sinks;
using Microsoft.Extensions.Options;

namespace HookRelay.Tests.Pipeline;

public sealed class EventRouterTests
{
    private static readonly EventRouter Router = new(Options.Create(Routes(
        new RouteOptions { Events = ["user.lifecycle.*", "group.user_membership.*"], Sinks = ["siem", "bus"] },
        new RouteOptions { Hooks = ["okta"], Events = ["*"], Sinks = ["archive"] },
        new RouteOptions { Hooks = ["audit"], Events = ["user.session.st?rt"], Sinks = ["siem"] })));

    [Theory]
    [InlineData("okta", "user.lifecycle.create", "siem,bus,archive")]
    [InlineData("okta", "group.user_membership.add", "siem,bus,archive")]
    [InlineData("okta", "user.session.start", "archive")]
    [InlineData("audit", "user.lifecycle.deactivate", "siem,bus")]
    [InlineData("audit", "user.session.start", "siem")]
    [InlineData("audit", "user.session.end", "")]
    [InlineData("other", "user.lifecyclextra", "")]
    [InlineData("OKTA", "app.oauth2.token.grant", "archive")]
    public void SinksFor_MatchesHooksAndGlobs(string hook, string eventType, string expected) =>
        Assert.Equal(expected, string.Join(',', Router.SinksFor(hook, eventType)));

    [Fact]
    public void SinksFor_EventMatchingSeveralRoutesForOneSink_NamesTheSinkOnce()
    {
        var router = new EventRouter(Options.Create(Routes(
            new RouteOptions { Events = ["user.*"], Sinks = ["siem"] },
            new RouteOptions { Events = ["user.session.*"], Sinks = ["siem", "archive"] })));

        Assert.Equal(["siem", "archive"], router.SinksFor("okta", "user.session.start"));
    }

    [Fact]
    public void SinksFor_EventWithoutType_MatchesOnlyCatchAllRoutes()
    {
        Assert.Equal(["archive"], Router.SinksFor("okta", null));
        Assert.Empty(Router.SinksFor("audit", null));
    }

    private static PipelineOptions Routes(params RouteOptions[] routes)
    {
        var options = new PipelineOptions();
        options.Routes.AddRange(routes);
        foreach (var sink in routes.SelectMany(r => r.Sinks).Distinct())
        {
            options.Sinks[sink] = new SinkOptions { Type = SinkTypes.Stdout };
        }

        return options;
    }
}

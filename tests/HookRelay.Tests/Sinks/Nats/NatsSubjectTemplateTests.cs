using HookRelay.Sinks.Nats;

namespace HookRelay.Tests.Sinks.Nats;

public sealed class NatsSubjectTemplateTests
{
    [Theory]
    [InlineData("user.session.start", "okta.user.session.start")]
    [InlineData("group.user_membership.add", "okta.group.user_membership.add")]
    [InlineData("user session.start", "okta.user_session.start")]
    [InlineData("user.*.start", "okta.user._.start")]
    [InlineData("user.>", "okta.user._")]
    [InlineData("user..start", "okta.user._.start")]
    [InlineData(".user.", "okta._.user._")]
    [InlineData("user\tsession\nstart", "okta.user_session_start")]
    [InlineData("utilisateur.créé", "okta.utilisateur.cr__")]
    [InlineData(null, "okta.unknown")]
    [InlineData("", "okta.unknown")]
    public void Render_EventType_GivesValidSubject(string? eventType, string expected)
    {
        var template = NatsSubjectTemplate.Parse("okta.{eventType}");

        Assert.Equal(expected, template.Render("okta", eventType));
    }

    [Theory]
    [InlineData("okta", "hooks.okta.user.session.start")]
    [InlineData("prod.eu", "hooks.prod_eu.user.session.start")]
    [InlineData("a b*c>d", "hooks.a_b_c_d.user.session.start")]
    [InlineData("{eventType}", "hooks.{eventType}.user.session.start")]
    public void Render_Hook_StaysOneToken(string hook, string expected)
    {
        var template = NatsSubjectTemplate.Parse("hooks.{hook}.{eventType}");

        Assert.Equal(expected, template.Render(hook, "user.session.start"));
    }

    [Theory]
    [InlineData("okta.{eventType}", "okta.>")]
    [InlineData("okta.{hook}.{eventType}", "okta.*.>")]
    [InlineData("okta.{eventType}.{hook}", "okta.>")]
    [InlineData("{hook}.events", "*.events")]
    [InlineData("okta.events", "okta.events")]
    [InlineData("hook-{hook}.type-{eventType}", "*.>")]
    [InlineData("okta.{EVENTTYPE}", "okta.>")]
    public void StreamSubject_Template_WildcardsCoverEveryRenderedSubject(string text, string expected)
    {
        var template = NatsSubjectTemplate.Parse(text);

        Assert.Equal(expected, template.StreamSubject);
        foreach (var (hook, type) in new[] { ("okta", "user.session.start"), ("prod.eu", "a"), ("x", null), ("y", "group.user_membership.add") })
        {
            Assert.True(NatsSubjects.Matches(template.StreamSubject, template.Render(hook, type)), $"{template.Render(hook, type)} not in {template.StreamSubject}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("okta..{eventType}")]
    [InlineData("okta.{eventType}.")]
    [InlineData("okta.*")]
    [InlineData("okta.>")]
    [InlineData("okta events.{eventType}")]
    [InlineData("okta.{type}")]
    [InlineData("okta.{eventType")]
    [InlineData("okta.}")]
    public void TryParse_InvalidTemplate_ExplainsTheProblem(string text)
    {
        Assert.False(NatsSubjectTemplate.TryParse(text, out var parsed, out var problem));
        Assert.Null(parsed);
        Assert.False(string.IsNullOrWhiteSpace(problem));
        Assert.Throws<ArgumentException>(() => NatsSubjectTemplate.Parse(text));
    }
}

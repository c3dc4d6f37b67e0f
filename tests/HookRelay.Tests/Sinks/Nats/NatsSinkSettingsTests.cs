using HookRelay.Sinks.Nats;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookRelay.Tests.Sinks.Nats;

public sealed class NatsSinkSettingsTests
{
    [Theory]
    [InlineData("OKTA", "okta.*", "Sinks:bus:Subject")]
    [InlineData("OKTA", "okta.{type}", "Sinks:bus:Subject")]
    [InlineData("OKTA EVENTS", "okta.{eventType}", "Sinks:bus:Stream")]
    [InlineData("okta.events", "okta.{eventType}", "Sinks:bus:Stream")]
    [InlineData("", "okta.{eventType}", "Sinks:bus:Stream")]
    public void Create_InvalidStreamOrSubject_NamesTheSetting(string stream, string subject, string setting)
    {
        var options = TestNatsSink.Options("nats://127.0.0.1:4222", stream, subject);

        var error = Assert.Throws<ArgumentException>(() => new NatsSink("bus", options, NullLogger.Instance));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}

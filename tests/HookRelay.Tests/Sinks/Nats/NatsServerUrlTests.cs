using HookRelay.Sinks.Nats;

namespace HookRelay.Tests.Sinks.Nats;

public sealed class NatsServerUrlTests
{
    [Theory]
    [InlineData("nats://127.0.0.1:4222", "nats://127.0.0.1:4222", new string[0])]
    [InlineData("nats://relay:pw@bus:4222", "nats://bus:4222", new[] { "relay:pw" })]
    [InlineData("nats://token123@bus:4222", "nats://bus:4222", new[] { "token123" })]
    [InlineData("nats://a:1@h1:4222, nats://h2:4222,tls://b:22@h3", "nats://h1:4222,nats://h2:4222,tls://h3", new[] { "a:1", "b:22" })]
    public void Redact_Url_DropsUserInfo(string url, string display, string[] secrets)
    {
        var (shown, hidden) = NatsServerUrl.Redact(url);

        Assert.Equal(display, shown);
        Assert.Equal(secrets.OrderBy(s => s, StringComparer.Ordinal), hidden.OrderBy(s => s, StringComparer.Ordinal));
    }
}

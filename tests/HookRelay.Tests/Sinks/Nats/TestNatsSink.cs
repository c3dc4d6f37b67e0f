using HookRelay.Sinks;
using HookRelay.Sinks.Nats;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookRelay.Tests.Sinks.Nats;

/// <summary>Sinks as the configuration would make them, with a short timeout so that failures show quickly.</summary>
internal static class TestNatsSink
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static NatsSink Create(string url, string stream = "OKTA", string subject = "okta.{eventType}") =>
        new("bus", Options(url, stream, subject), NullLogger.Instance);

    public static SinkOptions Options(string url, string stream = "OKTA", string subject = "okta.{eventType}") =>
        new() { Type = "nats", Url = url, Stream = stream, Subject = subject, Timeout = Timeout };
}

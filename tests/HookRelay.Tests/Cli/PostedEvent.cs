using System.Globalization;

namespace HookRelay.Tests.Cli;

/// <summary>An event the fixture posted, with the fields the CLI must report back.</summary>
public sealed record PostedEvent(string Uuid, string EventType, string Published)
{
    public DateTimeOffset PublishedAt => DateTimeOffset.Parse(Published, CultureInfo.InvariantCulture);
}

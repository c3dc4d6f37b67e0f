namespace HookRelay.Sinks.Nats;

/// <summary>
/// The server URL as the sink may show it. NATS URLs can carry credentials
/// (<c>nats://user:secret@host:4222</c>, or a comma-separated list of such), which must never reach a
/// log line or a stored error.
/// </summary>
internal static class NatsServerUrl
{
    /// <summary>The URL without user info, and the user-info strings that must be scrubbed from errors.</summary>
    public static (string Display, string[] Secrets) Redact(string url)
    {
        var secrets = new List<string>();
        var display = new List<string>();
        foreach (var part in url.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var hostStart = part.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0;
            var at = part.IndexOf('@', hostStart);
            if (at < 0)
            {
                display.Add(part);
                continue;
            }

            secrets.Add(part[hostStart..at]);
            display.Add(part[..hostStart] + part[(at + 1)..]);
        }

        return (string.Join(',', display), [.. secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length)]);
    }
}

namespace HookRelay.Sinks;

/// <summary>One entry of <c>Sinks:{name}</c>. Which fields matter depends on <see cref="Type"/>.</summary>
internal sealed class SinkOptions
{
    /// <summary><c>file</c>, <c>http</c>, <c>nats</c> or <c>stdout</c>.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>http: the endpoint; nats: the server, e.g. <c>nats://127.0.0.1:4222</c>.</summary>
    public string? Url { get; set; }

    /// <summary>file: the JSON-lines file.</summary>
    public string? Path { get; set; }

    /// <summary>file: rotate when the file reaches this size.</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>http: Standard Webhooks secret (<c>whsec_…</c>); when set, requests are signed.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>http: <c>splunk-hec</c> shapes the body and Authorization for Splunk's HTTP Event Collector.</summary>
    public string? Preset { get; set; }

    /// <summary>http (splunk-hec): the HEC token.</summary>
    public string? Token { get; set; }

    /// <summary>http: extra request headers.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Events per delivery; http sends one event as an object and more as a JSON array. Unset (0)
    /// means the type's default: 1 for http (one event per request, what most receivers expect),
    /// 500 for the others (one fsync or one acknowledgement wait per batch keeps dispatch ahead of ingest).
    /// </summary>
    public int BatchSize { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>nats: the JetStream stream, created when missing.</summary>
    public string? Stream { get; set; }

    /// <summary>nats: subject template with <c>{eventType}</c> and <c>{hook}</c>.</summary>
    public string Subject { get; set; } = "okta.{eventType}";

    /// <summary>After this many failed attempts the item becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>After this long since the event was stored, a failing item becomes a dead letter.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(1);
}

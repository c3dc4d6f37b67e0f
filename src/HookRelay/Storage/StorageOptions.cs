namespace HookRelay.Storage;

internal sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Only <c>sqlite</c> today; <c>postgres</c> arrives with the scale-out work.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>How long a write waits for a lock held by another process before answering 503.</summary>
    public int BusyTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// The most deliveries that share one commit. 1 turns group commit off (one transaction and
    /// one fsync per request), which only the benchmark's naive baseline should want.
    /// </summary>
    public int MaxDeliveriesPerCommit { get; set; } = 256;
}

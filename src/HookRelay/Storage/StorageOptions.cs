using System.ComponentModel.DataAnnotations;

namespace HookRelay.Storage;

internal sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Only <c>sqlite</c> today; <c>postgres</c> arrives with the scale-out work.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>How long a write waits for a lock held by another process before answering 503.</summary>
    [Range(1, 60)]
    public int BusyTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// The most deliveries that share one commit. 1 turns group commit off (one transaction and
    /// one fsync per request), which only the benchmark's naive baseline should want.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxDeliveriesPerCommit { get; set; } = 256;
}

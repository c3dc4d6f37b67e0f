namespace HookRelay.Storage;

internal sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default: one file in DataDir, one server) or <c>postgres</c> (shared by several instances).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The Npgsql connection string when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a write waits for a lock held by another process before answering 503 (SQLite).</summary>
    public int BusyTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// The most deliveries that share one commit. 1 turns group commit off (one transaction and
    /// one fsync per request), which only the benchmark's naive baseline should want.
    /// </summary>
    public int MaxDeliveriesPerCommit { get; set; } = 256;

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}

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

    /// <summary>The default <see cref="Retention"/>: as long as Okta keeps its own System Log.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(90);

    /// <summary>
    /// How long events are kept once every sink has handled them (dead letters stay until
    /// replayed or purged). <see cref="TimeSpan.Zero"/> keeps everything forever.
    /// </summary>
    public TimeSpan Retention { get; set; } = DefaultRetention;

    public bool KeepsForever => Retention == TimeSpan.Zero;

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}

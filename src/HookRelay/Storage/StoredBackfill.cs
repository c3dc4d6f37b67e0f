namespace HookRelay.Storage;

/// <summary>
/// An org's running or last backfill as the store keeps it for every instance: the run that may
/// write it, its status (JSON, as the admin API answers it), and, while it runs, until when the
/// instance running it has vouched for it.
/// </summary>
internal sealed record StoredBackfill(string Job, string StatusJson, DateTimeOffset? LeaseUntil);

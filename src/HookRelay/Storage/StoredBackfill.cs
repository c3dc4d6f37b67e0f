using System.Data.Common;

namespace HookRelay.Storage;

/// <summary>
/// An org's running or last backfill as the store keeps it for every instance: the run that may
/// write it, its status (JSON, as the admin API answers it), and, while it runs, until when the
/// instance running it has vouched for it.
/// </summary>
internal sealed record StoredBackfill(string Job, string StatusJson, DateTimeOffset? LeaseUntil)
{
    /// <summary>The org's, on either store; null if none was ever started.</summary>
    public static StoredBackfill? Read(DbConnection connection, string org)
    {
        using var command = StoreCommands.Create(connection, null, "SELECT job, status, lease_until FROM okta_backfills WHERE org = @org;", ("@org", org));
        using var reader = command.ExecuteReader();
        return reader.Read() ? StoreRows.StoredBackfill(reader) : null;
    }
}

using System.Text.Json;
using HookRelay.Okta;
using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

/// <summary>Reconciliation and Okta monitoring queries on their own connection; the server and the CLI both use them.</summary>
internal sealed class SqliteOktaStatusReader(SqliteDatabase database) : IOktaStatusReader
{
    private readonly PulledEvents _pulled = new();

    // When a pull-only event becomes "missed": its grace window after publication has passed, and
    // it has been stored (an event backfilled late is missed from the moment it is stored).
    private const string MissedAt = "MAX(received_at, COALESCE(published_at, received_at) + $grace)";
    private const string PullOnlyOf = "provenance = 2 AND hook IN (SELECT value FROM json_each($hooks))";

    // Missed, and published in the 24 hours before $now: the overview's count of what MissedTally puts in the report's hours.
    // COALESCE(published_at, received_at) >= $dayAgo, spelled so that the pull-only indexes on
    // each column serve it: as COALESCE it walked every event of the day (3 s at 1 M, 20 k pulled).
    private const string MissedLastDayOf =
        $"{PullOnlyOf} AND {MissedAt} <= $now AND (published_at >= $dayAgo OR (published_at IS NULL AND received_at >= $dayAgo))";

    public IReadOnlyList<MissedCount> MissedBetween(IReadOnlyCollection<string> hooks, TimeSpan grace, DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = database.OpenForQueries();
        using var command = Query(connection, $"""
            SELECT COALESCE(event_type, '(none)'), COUNT(*) FROM events
            WHERE {PullOnlyOf} AND {MissedAt} > $from AND {MissedAt} <= $to
              AND (COALESCE(published_at, received_at) > $from - $grace OR received_at > $from)
            GROUP BY 1 ORDER BY 2 DESC, 1;
            """, hooks, grace);
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        return StoreRows.ReadAll(command, StoreRows.MissedCount);
    }

    public DateTimeOffset? CheckedUpTo(string org)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT caught_up_at FROM okta_cursors WHERE org = $org;";
        command.Parameters.AddWithValue("$org", org);
        return command.ExecuteScalar() is long at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null;
    }

    public long EventsSince(IReadOnlyCollection<string> hooks, DateTimeOffset since)
    {
        using var connection = database.OpenForQueries();
        using var command = Query(connection, "SELECT COUNT(*) FROM events WHERE published_at >= $since AND hook IN (SELECT value FROM json_each($hooks));", hooks, TimeSpan.Zero);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    }

    public long MissedLastDay(IReadOnlyCollection<string> hooks, TimeSpan grace, DateTimeOffset now)
    {
        using var connection = database.OpenForQueries();
        using var command = Query(connection, $"SELECT COUNT(*) FROM events WHERE {MissedLastDayOf};", hooks, grace);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$dayAgo", (now - TimeSpan.FromHours(24)).ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    }

    public OktaReconcileReport Report(string org, IReadOnlyCollection<string> hooks, TimeSpan grace, DateTimeOffset now)
    {
        using var connection = database.OpenForQueries();
        var nowMs = now.ToUnixTimeMilliseconds();

        DateTimeOffset? moved = null, position = null, checkedUpTo = null;
        using (var cursor = Query(connection, "SELECT updated_at, position_at, caught_up_at FROM okta_cursors WHERE org = $org;", hooks, grace))
        {
            cursor.Parameters.AddWithValue("$org", org);
            using var reader = cursor.ExecuteReader();
            if (reader.Read())
            {
                moved = StoreRows.Time(reader, 0);
                position = StoreRows.Time(reader, 1);
                checkedUpTo = StoreRows.Time(reader, 2);
            }
        }

        var tally = new MissedTally(grace, now);
        foreach (var pulled in _pulled.Read(hooks, PullOnlyOf, sql => Query(connection, sql, hooks, grace)))
        {
            tally.Add(pulled);
        }

        using var failures = Query(connection, "SELECT COUNT(*) FROM okta_delivery_failures WHERE org = $org AND published_at >= $dayAgo;", hooks, grace);
        failures.Parameters.AddWithValue("$org", org);
        failures.Parameters.AddWithValue("$dayAgo", nowMs - (long)TimeSpan.FromHours(24).TotalMilliseconds);
        return tally.Report(org, moved, position, checkedUpTo, (long)failures.ExecuteScalar()!);
    }

    public IReadOnlyList<OktaDeliveryFailure> DeliveryFailures(string? org, DateTimeOffset since)
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT org, uuid, published_at, hook_id, hook_name, reason FROM okta_delivery_failures
            WHERE published_at >= $since AND ($org IS NULL OR org = $org) ORDER BY published_at, uuid;
            """;
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$org", (object?)org ?? DBNull.Value);
        return StoreRows.ReadAll(command, StoreRows.DeliveryFailure);
    }

    public StoredBackfill? Backfill(string org)
    {
        using var connection = database.OpenForQueries();
        return StoredBackfill.Read(connection, org);
    }

    public IReadOnlyDictionary<string, string> OrgHealth()
    {
        using var connection = database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT org, report FROM okta_org_health ORDER BY org;";
        using var reader = command.ExecuteReader();
        var reports = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            reports[reader.GetString(0)] = reader.GetString(1);
        }

        return reports;
    }

    private static SqliteCommand Query(SqliteConnection connection, string sql, IReadOnlyCollection<string> hooks, TimeSpan grace)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (sql.Contains("$hooks", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("$hooks", JsonSerializer.Serialize(hooks, StorageJsonContext.Default.IReadOnlyCollectionString));
        }

        if (sql.Contains("$grace", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("$grace", (long)grace.TotalMilliseconds);
        }

        return command;
    }
}

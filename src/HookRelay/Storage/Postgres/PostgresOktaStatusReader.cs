using HookRelay.Okta;
using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>Reconciliation and Okta monitoring queries on a pooled connection of their own; the server and the CLI both use them.</summary>
internal sealed class PostgresOktaStatusReader(PostgresDatabase database) : IOktaStatusReader
{
    private readonly PulledEvents _pulled = new();

    // When a pull-only event becomes "missed": its grace window after publication has passed, and
    // it has been stored (an event backfilled late is missed from the moment it is stored).
    private const string MissedAt = "GREATEST(received_at, COALESCE(published_at, received_at) + @grace)";
    private const string PullOnlyOf = "provenance = 2 AND hook = ANY(@hooks)";

    // Missed, and published in the 24 hours before @now: the overview's count of what MissedTally puts in the report's hours.
    // COALESCE(published_at, received_at) >= @dayAgo, spelled so that the pull-only indexes on
    // each column serve it: as COALESCE it walked every event of the day (3 s at 1 M, 20 k pulled).
    private const string MissedLastDayOf =
        $"{PullOnlyOf} AND {MissedAt} <= @now AND (published_at >= @dayAgo OR (published_at IS NULL AND received_at >= @dayAgo))";

    // Keys sort by byte, as in SQLite, whatever collation the database was created with.
    private const string TypeKey = "COALESCE(event_type, '(none)') COLLATE \"C\"";

    public IReadOnlyList<MissedCount> MissedBetween(IReadOnlyCollection<string> hooks, TimeSpan grace, DateTimeOffset from, DateTimeOffset to) => database.Read(connection =>
    {
        using var command = Query(connection, $"""
            SELECT {TypeKey}, COUNT(*) FROM events
            WHERE {PullOnlyOf} AND {MissedAt} > @from AND {MissedAt} <= @to
              AND (COALESCE(published_at, received_at) > @from - @grace OR received_at > @from)
            GROUP BY 1 ORDER BY 2 DESC, 1;
            """, hooks, grace)
            .Set("from", from.ToUnixTimeMilliseconds())
            .Set("to", to.ToUnixTimeMilliseconds());
        return StoreRows.ReadAll(command, StoreRows.MissedCount);
    });

    public DateTimeOffset? CheckedUpTo(string org) => database.Read(connection =>
    {
        using var command = new NpgsqlCommand("SELECT caught_up_at FROM okta_cursors WHERE org = @org;", connection).Set("org", org);
        return command.ExecuteScalar() is long at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : (DateTimeOffset?)null;
    });

    public long EventsSince(IReadOnlyCollection<string> hooks, DateTimeOffset since) => database.Read(connection =>
    {
        using var command = Query(connection, "SELECT COUNT(*) FROM events WHERE published_at >= @since AND hook = ANY(@hooks);", hooks, TimeSpan.Zero)
            .Set("since", since.ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    });

    public long MissedLastDay(IReadOnlyCollection<string> hooks, TimeSpan grace, DateTimeOffset now) => database.Read(connection =>
    {
        using var command = Query(connection, $"SELECT COUNT(*) FROM events WHERE {MissedLastDayOf};", hooks, grace)
            .Set("now", now.ToUnixTimeMilliseconds())
            .Set("dayAgo", (now - TimeSpan.FromHours(24)).ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    });

    public OktaReconcileReport Report(string org, IReadOnlyCollection<string> hooks, TimeSpan grace, DateTimeOffset now) => database.Read(connection =>
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var dayAgoMs = nowMs - (long)TimeSpan.FromHours(24).TotalMilliseconds;

        DateTimeOffset? moved = null, position = null, checkedUpTo = null;
        using (var cursor = Query(connection, "SELECT updated_at, position_at, caught_up_at FROM okta_cursors WHERE org = @org;", hooks, grace).Set("org", org))
        using (var reader = cursor.ExecuteReader())
        {
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

        using var failures = Query(connection, "SELECT COUNT(*) FROM okta_delivery_failures WHERE org = @org AND published_at >= @dayAgo;", hooks, grace)
            .Set("org", org)
            .Set("dayAgo", dayAgoMs);
        return tally.Report(org, moved, position, checkedUpTo, (long)failures.ExecuteScalar()!);
    });

    public IReadOnlyList<OktaDeliveryFailure> DeliveryFailures(string? org, DateTimeOffset since) => database.Read(connection =>
    {
        using var command = new NpgsqlCommand("""
            SELECT org, uuid, published_at, hook_id, hook_name, reason FROM okta_delivery_failures
            WHERE published_at >= @since AND (@org::text IS NULL OR org = @org) ORDER BY published_at, uuid COLLATE "C";
            """, connection)
            .Set("since", since.ToUnixTimeMilliseconds())
            .Set("org", org);
        return StoreRows.ReadAll(command, StoreRows.DeliveryFailure);
    });

    public StoredBackfill? Backfill(string org) => database.Read(connection => StoredBackfill.Read(connection, org));

    public IReadOnlyDictionary<string, string> OrgHealth() => database.Read(connection =>
    {
        using var command = new NpgsqlCommand("SELECT org, report FROM okta_org_health ORDER BY org COLLATE \"C\";", connection);
        using var reader = command.ExecuteReader();
        var reports = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            reports[reader.GetString(0)] = reader.GetString(1);
        }

        return reports;
    });

    private static NpgsqlCommand Query(NpgsqlConnection connection, string sql, IReadOnlyCollection<string> hooks, TimeSpan grace)
    {
        var command = new NpgsqlCommand(sql, connection);
        if (sql.Contains("@hooks", StringComparison.Ordinal))
        {
            command.Set("hooks", hooks as string[] ?? [.. hooks]);
        }

        if (sql.Contains("@grace", StringComparison.Ordinal))
        {
            command.Set("grace", (long)grace.TotalMilliseconds);
        }

        return command;
    }
}

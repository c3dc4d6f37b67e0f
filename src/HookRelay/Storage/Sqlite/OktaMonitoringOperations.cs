namespace HookRelay.Storage.Sqlite;

/// <summary>A reconciliation pass reached the end of the org's System Log.</summary>
internal sealed class MarkCaughtUpOperation(string org, DateTimeOffset checkedAt) : StoreOperation<bool>
{
    protected override bool Run(SqliteWriteContext context)
    {
        context.Command("UPDATE okta_cursors SET caught_up_at = $at WHERE org = $org;")
            .Set("$org", org).Set("$at", checkedAt.ToUnixTimeMilliseconds()).ExecuteNonQuery();
        return true;
    }
}

/// <summary>Keeps Okta's delivery failures, each once.</summary>
internal sealed class RecordDeliveryFailuresOperation(IReadOnlyList<OktaDeliveryFailure> failures) : StoreOperation<bool>
{
    protected override bool Run(SqliteWriteContext context)
    {
        foreach (var failure in failures)
        {
            context.Command("""
                INSERT OR IGNORE INTO okta_delivery_failures (uuid, org, published_at, hook_id, hook_name, reason)
                VALUES ($uuid, $org, $published, $hookId, $hookName, $reason);
                """)
                .Set("$uuid", failure.Uuid).Set("$org", failure.Org).Set("$published", failure.Published.ToUnixTimeMilliseconds())
                .Set("$hookId", failure.HookId).Set("$hookName", failure.HookName).Set("$reason", failure.Reason).ExecuteNonQuery();
        }

        return true;
    }
}

/// <summary>Replaces an org's health report.</summary>
internal sealed class SaveOrgHealthOperation(string org, string reportJson) : StoreOperation<bool>
{
    protected override bool Run(SqliteWriteContext context)
    {
        context.Command("INSERT OR REPLACE INTO okta_org_health (org, checked_at, report) VALUES ($org, $now, $report);")
            .Set("$org", org).Set("$now", context.NowMilliseconds).Set("$report", reportJson).ExecuteNonQuery();
        return true;
    }
}

/// <summary>
/// Records a new backfill of the org unless one runs (its lease not yet passed), in one write; the
/// org's backfill afterwards: the new one if it was recorded.
/// </summary>
internal sealed class ClaimBackfillOperation(string org, StoredBackfill backfill) : StoreOperation<StoredBackfill>
{
    protected override StoredBackfill Run(SqliteWriteContext context)
    {
        context.Command("""
            INSERT INTO okta_backfills (org, job, status, lease_until, updated_at) VALUES ($org, $job, $status, $lease, $now)
            ON CONFLICT (org) DO UPDATE SET job = excluded.job, status = excluded.status, lease_until = excluded.lease_until, updated_at = excluded.updated_at
            WHERE okta_backfills.lease_until IS NULL OR okta_backfills.lease_until <= $now;
            """)
            .Set("$org", org).Set("$job", backfill.Job).Set("$status", backfill.StatusJson)
            .Set("$lease", backfill.LeaseUntil?.ToUnixTimeMilliseconds()).Set("$now", context.NowMilliseconds).ExecuteNonQuery();
        using var reader = context.Command("SELECT job, status, lease_until FROM okta_backfills WHERE org = $org;").Set("$org", org).ExecuteReader();
        reader.Read();
        return StoreRows.StoredBackfill(reader);
    }
}

/// <summary>Rewrites the org's backfill status and lease, if the org's backfill is still this job's.</summary>
internal sealed class SaveBackfillOperation(string org, StoredBackfill backfill) : StoreOperation<bool>
{
    protected override bool Run(SqliteWriteContext context) =>
        context.Command("UPDATE okta_backfills SET status = $status, lease_until = $lease, updated_at = $now WHERE org = $org AND job = $job;")
            .Set("$org", org).Set("$job", backfill.Job).Set("$status", backfill.StatusJson)
            .Set("$lease", backfill.LeaseUntil?.ToUnixTimeMilliseconds()).Set("$now", context.NowMilliseconds).ExecuteNonQuery() == 1;
}

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

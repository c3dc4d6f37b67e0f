namespace HookRelay.Storage.Postgres;

/// <summary>Rewrites the probe row: proves that a commit goes through right now.</summary>
internal sealed class ProbeWrite : PostgresWrite<bool>
{
    protected override bool Run(PostgresWriteContext context)
    {
        context.Command("UPDATE probe SET written_at = @at WHERE id = 1;").Set("at", context.NowMilliseconds).ExecuteNonQuery();
        return true;
    }
}

/// <summary>Records that a sink is paused until a time, or (with no time) that it is not.</summary>
internal sealed class SetPauseWrite(string sink, DateTimeOffset? until, string? reason) : PostgresWrite<bool>
{
    protected override bool Run(PostgresWriteContext context)
    {
        var command = until is { } pausedUntil
            ? context.Command("""
                INSERT INTO sink_pauses (sink, paused_until, reason) VALUES (@sink, @until, @reason)
                ON CONFLICT (sink) DO UPDATE SET paused_until = excluded.paused_until, reason = excluded.reason;
                """).Set("until", pausedUntil.ToUnixTimeMilliseconds()).Set("reason", reason)
            : context.Command("DELETE FROM sink_pauses WHERE sink = @sink;");
        command.Set("sink", sink).ExecuteNonQuery();
        return true;
    }
}

/// <summary>Keeps an org's System Log cursor (Okta's next link) so a restart resumes exactly there.</summary>
internal sealed class SaveCursorWrite(string org, Uri next, DateTimeOffset? position) : PostgresWrite<bool>
{
    protected override bool Run(PostgresWriteContext context)
    {
        context.Command("""
            INSERT INTO okta_cursors (org, next_url, updated_at, position_at) VALUES (@org, @next, @now, @position)
            ON CONFLICT (org) DO UPDATE SET next_url = excluded.next_url, updated_at = excluded.updated_at,
                position_at = COALESCE(excluded.position_at, okta_cursors.position_at);
            """)
            .Set("org", org).Set("next", next.ToString()).Set("now", context.NowMilliseconds)
            .Set("position", position?.ToUnixTimeMilliseconds()).ExecuteNonQuery();
        return true;
    }
}

/// <summary>A reconciliation pass reached the end of the org's System Log.</summary>
internal sealed class MarkCaughtUpWrite(string org, DateTimeOffset checkedAt) : PostgresWrite<bool>
{
    protected override bool Run(PostgresWriteContext context)
    {
        context.Command("UPDATE okta_cursors SET caught_up_at = @at WHERE org = @org;")
            .Set("org", org).Set("at", checkedAt.ToUnixTimeMilliseconds()).ExecuteNonQuery();
        return true;
    }
}

/// <summary>Keeps Okta's delivery failures, each once.</summary>
internal sealed class RecordDeliveryFailuresWrite(IReadOnlyList<OktaDeliveryFailure> failures) : PostgresWrite<bool>
{
    protected override bool Run(PostgresWriteContext context)
    {
        foreach (var failure in failures)
        {
            context.Command("""
                INSERT INTO okta_delivery_failures (uuid, org, published_at, hook_id, hook_name, reason)
                VALUES (@uuid, @org, @published, @hookId, @hookName, @reason)
                ON CONFLICT (uuid) DO NOTHING;
                """)
                .Set("uuid", failure.Uuid).Set("org", failure.Org).Set("published", failure.Published.ToUnixTimeMilliseconds())
                .Set("hookId", failure.HookId).Set("hookName", failure.HookName).Set("reason", failure.Reason).ExecuteNonQuery();
        }

        return true;
    }
}

/// <summary>Replaces an org's health report.</summary>
internal sealed class SaveOrgHealthWrite(string org, string reportJson) : PostgresWrite<bool>
{
    protected override bool Run(PostgresWriteContext context)
    {
        context.Command("""
            INSERT INTO okta_org_health (org, checked_at, report) VALUES (@org, @now, @report)
            ON CONFLICT (org) DO UPDATE SET checked_at = excluded.checked_at, report = excluded.report;
            """)
            .Set("org", org).Set("now", context.NowMilliseconds).Set("report", reportJson).ExecuteNonQuery();
        return true;
    }
}

namespace HookRelay.Storage.Postgres;

/// <summary>A write whose statements return nothing the caller needs; each still returns a row (see <see cref="PostgresWriteContext"/>).</summary>
internal abstract class PostgresCommandWrite : PostgresWrite<bool>
{
    protected override bool Run(PostgresWriteContext context) => true;
}

/// <summary>Rewrites this instance's probe row: proves that a commit goes through right now.</summary>
internal sealed class ProbeWrite : PostgresCommandWrite
{
    private static readonly long Instance = Random.Shared.NextInt64(2, long.MaxValue);

    public override void Prepare(PostgresWriteContext context) =>
        context.Add(this, """
            INSERT INTO probe (id, written_at) VALUES (@id, @at)
            ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at
            RETURNING id;
            """).Set("id", Instance).Set("at", context.NowMilliseconds);
}

/// <summary>Records that a sink is paused until a time, or (with no time) that it is not.</summary>
internal sealed class SetPauseWrite(string sink, DateTimeOffset? until, string? reason) : PostgresCommandWrite
{
    public override void Prepare(PostgresWriteContext context)
    {
        var command = until is { } pausedUntil
            ? context.Add(this, """
                INSERT INTO sink_pauses (sink, paused_until, reason) VALUES (@sink, @until, @reason)
                ON CONFLICT (sink) DO UPDATE SET paused_until = excluded.paused_until, reason = excluded.reason
                RETURNING sink;
                """).Set("until", pausedUntil.ToUnixTimeMilliseconds()).Set("reason", reason)
            : context.Add(this, "WITH gone AS (DELETE FROM sink_pauses WHERE sink = @sink RETURNING 1) SELECT COUNT(*) FROM gone;");
        command.Set("sink", sink);
    }
}

/// <summary>Keeps an org's System Log cursor (Okta's next link) so a restart resumes exactly there.</summary>
internal sealed class SaveCursorWrite(string org, Uri next, DateTimeOffset? position) : PostgresCommandWrite
{
    public override void Prepare(PostgresWriteContext context) =>
        context.Add(this, """
            INSERT INTO okta_cursors (org, next_url, updated_at, position_at) VALUES (@org, @next, @now, @position)
            ON CONFLICT (org) DO UPDATE SET next_url = excluded.next_url, updated_at = excluded.updated_at,
                position_at = COALESCE(excluded.position_at, okta_cursors.position_at)
            RETURNING org;
            """)
            .Set("org", org).Set("next", next.ToString()).Set("now", context.NowMilliseconds)
            .Set("position", position?.ToUnixTimeMilliseconds());
}

/// <summary>A reconciliation pass reached the end of the org's System Log.</summary>
internal sealed class MarkCaughtUpWrite(string org, DateTimeOffset checkedAt) : PostgresCommandWrite
{
    public override void Prepare(PostgresWriteContext context) =>
        context.Add(this, "WITH marked AS (UPDATE okta_cursors SET caught_up_at = @at WHERE org = @org RETURNING 1) SELECT COUNT(*) FROM marked;")
            .Set("org", org).Set("at", checkedAt.ToUnixTimeMilliseconds());
}

/// <summary>Keeps Okta's delivery failures, each once.</summary>
internal sealed class RecordDeliveryFailuresWrite(IReadOnlyList<OktaDeliveryFailure> failures) : PostgresCommandWrite
{
    public override void Prepare(PostgresWriteContext context) =>
        context.Add(this, """
            WITH kept AS (
                INSERT INTO okta_delivery_failures (uuid, org, published_at, hook_id, hook_name, reason)
                SELECT * FROM unnest(@uuids::text[], @orgs::text[], @published::bigint[], @hookIds::text[], @hookNames::text[], @reasons::text[])
                ON CONFLICT (uuid) DO NOTHING
                RETURNING 1)
            SELECT COUNT(*) FROM kept;
            """)
            .Set("uuids", failures.Select(f => f.Uuid).ToArray())
            .Set("orgs", failures.Select(f => f.Org).ToArray())
            .Set("published", failures.Select(f => f.Published.ToUnixTimeMilliseconds()).ToArray())
            .Set("hookIds", failures.Select(f => f.HookId).ToArray())
            .Set("hookNames", failures.Select(f => f.HookName).ToArray())
            .Set("reasons", failures.Select(f => f.Reason).ToArray());
}

/// <summary>Replaces an org's health report.</summary>
internal sealed class SaveOrgHealthWrite(string org, string reportJson) : PostgresCommandWrite
{
    public override void Prepare(PostgresWriteContext context) =>
        context.Add(this, """
            INSERT INTO okta_org_health (org, checked_at, report) VALUES (@org, @now, @report)
            ON CONFLICT (org) DO UPDATE SET checked_at = excluded.checked_at, report = excluded.report
            RETURNING org;
            """)
            .Set("org", org).Set("now", context.NowMilliseconds).Set("report", reportJson);
}

/// <summary>
/// Records a new backfill of the org unless one runs (its lease not yet passed); the org's backfill
/// afterwards: the new one if it was recorded.
/// </summary>
internal sealed class ClaimBackfillWrite(string org, StoredBackfill backfill) : PostgresWrite<StoredBackfill>
{
    public override void Prepare(PostgresWriteContext context)
    {
        context.Add(this, """
            WITH claimed AS (
                INSERT INTO okta_backfills (org, job, status, lease_until, updated_at) VALUES (@org, @job, @status, @lease, @now)
                ON CONFLICT (org) DO UPDATE SET job = excluded.job, status = excluded.status, lease_until = excluded.lease_until, updated_at = excluded.updated_at
                WHERE okta_backfills.lease_until IS NULL OR okta_backfills.lease_until <= @now
                RETURNING 1)
            SELECT COUNT(*) FROM claimed;
            """)
            .Set("org", org).Set("job", backfill.Job).Set("status", backfill.StatusJson)
            .Set("lease", backfill.LeaseUntil?.ToUnixTimeMilliseconds()).Set("now", context.NowMilliseconds);
        // A statement of its own: its snapshot is taken after the upsert, so it sees the row another
        // instance committed while this upsert waited for it (in the same statement it would see none).
        context.Add(this, "SELECT job, status, lease_until FROM okta_backfills WHERE org = @org;").Set("org", org);
    }

    protected override StoredBackfill Run(PostgresWriteContext context)
    {
        var row = context.Rows(this)[1];
        return new StoredBackfill((string)row[0]!, (string)row[1]!, row[2] is long lease ? DateTimeOffset.FromUnixTimeMilliseconds(lease) : null);
    }
}

/// <summary>Rewrites the org's backfill status and lease, if the org's backfill is still this job's.</summary>
internal sealed class SaveBackfillWrite(string org, StoredBackfill backfill) : PostgresWrite<bool>
{
    public override void Prepare(PostgresWriteContext context) =>
        context.Add(this, "WITH saved AS (UPDATE okta_backfills SET status = @status, lease_until = @lease, updated_at = @now WHERE org = @org AND job = @job RETURNING 1) SELECT COUNT(*) FROM saved;")
            .Set("org", org).Set("job", backfill.Job).Set("status", backfill.StatusJson)
            .Set("lease", backfill.LeaseUntil?.ToUnixTimeMilliseconds()).Set("now", context.NowMilliseconds);

    protected override bool Run(PostgresWriteContext context) => (long)context.Rows(this)[0][0]! == 1;
}

namespace HookRelay.Storage.Sqlite;

/// <summary>Keeps an org's System Log cursor (Okta's next link) so a restart resumes exactly there.</summary>
internal sealed class SaveCursorOperation(string org, Uri next, DateTimeOffset? position) : StoreOperation<bool>
{
    protected override bool Run(SqliteWriteContext context)
    {
        context.Command("""
            INSERT INTO okta_cursors (org, next_url, updated_at, position_at) VALUES ($org, $next, $now, $position)
            ON CONFLICT (org) DO UPDATE SET next_url = excluded.next_url, updated_at = excluded.updated_at,
                position_at = COALESCE(excluded.position_at, okta_cursors.position_at);
            """)
            .Set("$org", org).Set("$next", next.ToString()).Set("$now", context.NowMilliseconds)
            .Set("$position", position?.ToUnixTimeMilliseconds()).ExecuteNonQuery();
        return true;
    }
}

namespace HookRelay.Storage.Sqlite;

/// <summary>Keeps an org's System Log cursor (Okta's next link) so a restart resumes exactly there.</summary>
internal sealed class SaveCursorOperation(string org, Uri next) : StoreOperation<bool>
{
    protected override bool Run(SqliteWriteContext context)
    {
        context.Command("INSERT OR REPLACE INTO okta_cursors (org, next_url, updated_at) VALUES ($org, $next, $now);")
            .Set("$org", org).Set("$next", next.ToString()).Set("$now", context.NowMilliseconds).ExecuteNonQuery();
        return true;
    }
}

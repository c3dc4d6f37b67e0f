namespace HookRelay.Storage.Sqlite;

/// <summary>Records that a sink is paused until a time, or (with no time) that it is not.</summary>
internal sealed class SetPauseOperation(string sink, DateTimeOffset? until, string? reason) : StoreOperation<bool>
{
    protected override bool Run(SqliteWriteContext context)
    {
        if (until is { } pausedUntil)
        {
            context.Command("INSERT OR REPLACE INTO sink_pauses (sink, paused_until, reason) VALUES ($sink, $until, $reason);")
                .Set("$sink", sink).Set("$until", pausedUntil.ToUnixTimeMilliseconds()).Set("$reason", reason).ExecuteNonQuery();
        }
        else
        {
            context.Command("DELETE FROM sink_pauses WHERE sink = $sink;").Set("$sink", sink).ExecuteNonQuery();
        }

        return true;
    }
}

namespace HookRelay.Storage.Sqlite;

/// <summary>Rewrites the probe row: proves that a commit goes through right now.</summary>
internal sealed class ProbeOperation : StoreOperation<bool>
{
    protected override bool Run(SqliteWriteContext context)
    {
        context.Command("UPDATE probe SET written_at = $at WHERE id = 1;").Set("$at", context.NowMilliseconds).ExecuteNonQuery();
        return true;
    }
}

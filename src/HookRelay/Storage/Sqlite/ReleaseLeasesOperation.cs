namespace HookRelay.Storage.Sqlite;

internal sealed class ReleaseLeasesOperation : StoreOperation<int>
{
    protected override int Run(SqliteWriteContext context) =>
        context.Command("UPDATE dispatch SET lease_until = NULL WHERE state = 0 AND lease_until IS NOT NULL;").ExecuteNonQuery();
}

namespace HookRelay.Storage.Sqlite;

/// <summary>
/// A unit of work for the single writer. It runs inside a group commit's transaction and its
/// caller learns the result only after that transaction is durable (or that it failed).
/// </summary>
internal abstract class StoreOperation
{
    public abstract void Execute(SqliteWriteContext context);

    public abstract void Succeed();

    public abstract void Fail(Exception exception);
}

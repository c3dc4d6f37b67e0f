using HookRelay.Storage.GroupCommit;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// A write of the PostgreSQL store. <see cref="Prepare"/> queues its statements for the batch's
/// round trip; <c>Run</c> then reads their rows (and may queue follow-up statements).
/// </summary>
internal abstract class PostgresWrite<T> : StoreWrite<PostgresWriteContext, T>, IPreparedWrite
{
    public abstract void Prepare(PostgresWriteContext context);
}

/// <summary>What <see cref="PostgresBatchWriter"/> sees of every write: its statements go out before any result is read.</summary>
internal interface IPreparedWrite
{
    void Prepare(PostgresWriteContext context);
}

using HookRelay.Storage.GroupCommit;

namespace HookRelay.Storage.Postgres;

/// <summary>A write of the PostgreSQL store, run by <see cref="PostgresBatchWriter"/> inside a group commit.</summary>
internal abstract class PostgresWrite<T> : StoreWrite<PostgresWriteContext, T>;

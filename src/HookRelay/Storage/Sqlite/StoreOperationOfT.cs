using HookRelay.Storage.GroupCommit;

namespace HookRelay.Storage.Sqlite;

/// <summary>A write of the SQLite store, run by <see cref="SqliteBatchWriter"/> inside a group commit.</summary>
internal abstract class StoreOperation<T> : StoreWrite<SqliteWriteContext, T>;

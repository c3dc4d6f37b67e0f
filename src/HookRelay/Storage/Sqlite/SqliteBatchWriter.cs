using HookRelay.Storage.GroupCommit;
using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

/// <summary>
/// Runs a batch of store operations in one transaction on one connection: one commit, one fsync.
/// Not thread-safe; the group-commit loop is its only caller.
/// </summary>
internal sealed class SqliteBatchWriter(SqliteDatabase database, TimeProvider timeProvider) : IBatchWriter<SqliteWriteContext>
{
    private SqliteConnection? _connection;

    public void Write(IReadOnlyList<StoreWrite<SqliteWriteContext>> batch)
    {
        var connection = _connection ??= OpenAndMigrate();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var context = new SqliteWriteContext(connection, transaction, timeProvider.GetUtcNow());
        foreach (var operation in batch)
        {
            operation.Execute(context);
        }

        transaction.Commit();
    }

    /// <summary>Drops the connection after a failure so the next batch starts afresh.</summary>
    public void Reset()
    {
        var connection = _connection;
        _connection = null;
        try
        {
            connection?.Dispose();
        }
        catch (SqliteException)
        {
            // Closing a broken connection may fail too; it is gone either way.
        }
    }

    public void Dispose()
    {
        if (_connection is not null)
        {
            using var checkpoint = _connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            try
            {
                checkpoint.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // The WAL stays and is replayed on the next open; nothing is lost.
            }
        }

        Reset();
    }

    private SqliteConnection OpenAndMigrate()
    {
        var connection = database.OpenReadWrite();
        try
        {
            SqliteDatabase.Migrate(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

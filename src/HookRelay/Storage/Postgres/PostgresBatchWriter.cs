using HookRelay.Storage.GroupCommit;
using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// Runs a batch of writes in one transaction on one long-lived connection. Not thread-safe; the
/// group-commit thread is its only caller, so it uses Npgsql's synchronous API.
/// </summary>
internal sealed class PostgresBatchWriter(PostgresDatabase database, TimeProvider timeProvider) : IBatchWriter<PostgresWriteContext>
{
    private NpgsqlConnection? _connection;
    private bool _migrated;

    public void Write(IReadOnlyList<StoreWrite<PostgresWriteContext>> batch)
    {
        try
        {
            WriteOnce(batch);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
        {
            // Two instances appending the same events in different orders: PostgreSQL aborted this
            // side of the deadlock. The other side has committed; running the batch again finds
            // its rows and counts them as duplicates.
            WriteOnce(batch);
        }
    }

    public void Reset()
    {
        var connection = _connection;
        _connection = null;
        try
        {
            connection?.Dispose();
        }
        catch (NpgsqlException)
        {
            // Closing a broken connection may fail too; it is gone either way.
        }
    }

    public void Dispose() => Reset();

    private void WriteOnce(IReadOnlyList<StoreWrite<PostgresWriteContext>> batch)
    {
        var connection = _connection ??= Open();
        using var transaction = connection.BeginTransaction();
        var context = new PostgresWriteContext(connection, transaction, timeProvider.GetUtcNow());
        foreach (var write in batch)
        {
            ((IPreparedWrite)write).Prepare(context);
        }

        context.Send();
        foreach (var write in batch)
        {
            write.Execute(context);
        }

        context.Send();
        transaction.Commit();
    }

    private NpgsqlConnection Open()
    {
        var connection = database.DataSource.OpenConnection();
        try
        {
            // "204 means on disk": a commit returns only after the WAL is flushed, whatever the
            // database's default says.
            using (var durable = new NpgsqlCommand("SET synchronous_commit = on;", connection))
            {
                durable.ExecuteNonQuery();
            }

            if (!_migrated)
            {
                PostgresDatabase.Migrate(connection);
                _migrated = true;
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

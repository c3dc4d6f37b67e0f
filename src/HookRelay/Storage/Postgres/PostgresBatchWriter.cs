using System.Net.Sockets;
using HookRelay.Storage.GroupCommit;
using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// Runs a batch of writes in one transaction on one long-lived connection. Not thread-safe; the
/// group-commit thread is its only caller, so it uses Npgsql's synchronous API.
/// </summary>
internal sealed partial class PostgresBatchWriter(PostgresDatabase database, TimeProvider timeProvider, ILogger logger) : IBatchWriter<PostgresWriteContext>
{
    private NpgsqlConnection? _connection;
    private bool _migrated;

    public void Write(IReadOnlyList<StoreWrite<PostgresWriteContext>> batch)
    {
        try
        {
            WriteWithRetry(batch);
        }
        catch (PostgresException ex) when (batch.Count > 1 && !IsConnectionLost(ex))
        {
            // PostgreSQL refused one write (a value it cannot store, a constraint): the others of
            // the batch must not fail with it, or every retry of theirs would meet it again.
            WriteEachAlone(batch);
        }
        catch (NpgsqlException ex)
        {
            throw new StoreUnavailableException(Describe(ex), ex);
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

    /// <summary>
    /// Why a write failed, for the 503's readiness report (served on the public port): what
    /// happened, without the database's address. The log has the full error.
    /// </summary>
    private static string Describe(NpgsqlException ex) => ex switch
    {
        PostgresException postgres => $"PostgreSQL refused the write ({postgres.SqlState}: {postgres.MessageText})",
        { InnerException: SocketException socket } => $"PostgreSQL cannot be reached ({socket.SocketErrorCode})",
        { InnerException: TimeoutException } => "PostgreSQL did not answer in time",
        _ => "the connection to PostgreSQL failed",
    };

    private static bool IsConnectionLost(PostgresException ex) =>
        ex.SqlState.StartsWith("08", StringComparison.Ordinal) || ex.SqlState.StartsWith("57", StringComparison.Ordinal) || ex.SqlState.StartsWith("53", StringComparison.Ordinal);

    private void WriteWithRetry(IReadOnlyList<StoreWrite<PostgresWriteContext>> batch)
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

    /// <summary>Each write in its own transaction; one that fails is answered alone (503 for a delivery).</summary>
    private void WriteEachAlone(IReadOnlyList<StoreWrite<PostgresWriteContext>> batch)
    {
        foreach (var write in batch)
        {
            try
            {
                WriteWithRetry([write]);
            }
            catch (PostgresException ex) when (!IsConnectionLost(ex))
            {
                LogWriteRefused(logger, ex.SqlState, ex.MessageText);
                write.Fail(new StoreUnavailableException($"The store could not commit: {Describe(ex)}", ex));
            }
        }
    }

    [LoggerMessage(EventId = 1620, Level = LogLevel.Error, Message = "PostgreSQL refused one write of a group commit ({SqlState}: {Reason}); the others were committed without it")]
    private static partial void LogWriteRefused(ILogger logger, string sqlState, string reason);

    private void WriteOnce(IReadOnlyList<StoreWrite<PostgresWriteContext>> batch)
    {
        var connection = _connection ??= Open();
        using var transaction = connection.BeginTransaction();
        var context = new PostgresWriteContext(connection, transaction, timeProvider.GetUtcNow());

        // "204 means on disk": this transaction's commit returns only after its WAL is flushed,
        // whatever the database, role or a connection pooler in between says.
        context.Add(context, "SELECT set_config('synchronous_commit', 'on', true);");
        foreach (var write in batch)
        {
            ((IPreparedWrite)write).Prepare(context);
        }

        context.Deliveries.Prepare(context);
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
        var connection = database.OpenWriter();
        try
        {
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

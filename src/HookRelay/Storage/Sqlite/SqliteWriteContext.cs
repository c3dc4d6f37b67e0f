using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

/// <summary>The connection and transaction of one group commit, with its statements prepared once.</summary>
internal sealed class SqliteWriteContext(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private PartyInsert? _parties;

    /// <summary>The batch's clock reading, so every row of one commit agrees on the time.</summary>
    public DateTimeOffset Now { get; } = now;

    public long NowMilliseconds => Now.ToUnixTimeMilliseconds();

    /// <summary>The batch's statement for <c>event_parties</c> rows, prepared on first use.</summary>
    public PartyInsert Parties => _parties ??= new PartyInsert(connection);

    /// <summary>The statement for this SQL, created on first use in the batch and reused after.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            _commands[sql] = command;
        }

        return command;
    }

    public void Dispose()
    {
        _parties?.Dispose();
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
    }
}

using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>The connection and transaction of one group commit, with its statements reused within it.</summary>
internal sealed class PostgresWriteContext(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now) : IDisposable
{
    private readonly Dictionary<string, NpgsqlCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The batch's clock reading, so every row of one commit agrees on the time.</summary>
    public DateTimeOffset Now { get; } = now;

    public long NowMilliseconds => Now.ToUnixTimeMilliseconds();

    public NpgsqlCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = new NpgsqlCommand(sql, connection, transaction);
            _commands[sql] = command;
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
    }
}

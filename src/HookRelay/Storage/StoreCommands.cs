using System.Data.Common;

namespace HookRelay.Storage;

/// <summary>Commands for the SQL both stores share (named <c>@</c> parameters, which SQLite takes too).</summary>
internal static class StoreCommands
{
    /// <summary>A command on <paramref name="connection"/>, in <paramref name="transaction"/> when given.</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        return command;
    }

    /// <summary>Adds a parameter to a command of either store (<c>@name</c> is one to both).</summary>
    public static DbCommand With(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return command;
    }
}

using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

internal static class SqliteParameters
{
    /// <summary>Sets a named parameter, adding it on first use; null becomes SQL NULL.</summary>
    public static SqliteCommand Set(this SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
        }
        else
        {
            parameters[index].Value = value ?? DBNull.Value;
        }

        return command;
    }
}

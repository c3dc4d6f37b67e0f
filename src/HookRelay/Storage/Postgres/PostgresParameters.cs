using Npgsql;

namespace HookRelay.Storage.Postgres;

internal static class PostgresParameters
{
    /// <summary>
    /// Sets a named parameter, adding it on first use. Typed by <typeparamref name="T"/>, so a null
    /// still tells PostgreSQL its type.
    /// </summary>
    public static NpgsqlCommand Set<T>(this NpgsqlCommand command, string name, T value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.Add(new NpgsqlParameter<T>(name, value));
        }
        else
        {
            ((NpgsqlParameter<T>)parameters[index]).TypedValue = value;
        }

        return command;
    }
}

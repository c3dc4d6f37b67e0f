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
        Set(command.Parameters, name, value);
        return command;
    }

    /// <inheritdoc cref="Set{T}(NpgsqlCommand, string, T)"/>
    public static NpgsqlBatchCommand Set<T>(this NpgsqlBatchCommand command, string name, T value)
    {
        Set(command.Parameters, name, value);
        return command;
    }

    private static void Set<T>(NpgsqlParameterCollection parameters, string name, T value)
    {
        value = value switch
        {
            string text => (T)(object)PostgresText.Clean(text),
            string?[] texts => (T)(object)Array.ConvertAll(texts, t => t is null ? null : PostgresText.Clean(t)),
            _ => value,
        };

        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.Add(new NpgsqlParameter<T>(name, value));
        }
        else
        {
            ((NpgsqlParameter<T>)parameters[index]).TypedValue = value;
        }
    }
}

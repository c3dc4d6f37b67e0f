using Microsoft.Data.Sqlite;

namespace HookRelay.Tests.Infrastructure;

/// <summary>Reads the SQLite file directly, as an independent witness of what was committed.</summary>
public static class StoreQueries
{
    public static long Scalar(string databasePath, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadWrite;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Text(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    public static List<string> Strings(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public static long EventCount(string databasePath) => Scalar(databasePath, "SELECT COUNT(*) FROM events");

    public static string? EventJson(string databasePath, string uuid)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadWrite;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM event_documents WHERE uuid = $uuid";
        command.Parameters.AddWithValue("$uuid", uuid);
        return command.ExecuteScalar() as string;
    }

    public static HashSet<string> AllUuids(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadWrite;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT uuid FROM events";
        using var reader = command.ExecuteReader();
        var uuids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            uuids.Add(reader.GetString(0));
        }

        return uuids;
    }
}

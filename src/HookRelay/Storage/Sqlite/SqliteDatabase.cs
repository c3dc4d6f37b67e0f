using Microsoft.Data.Sqlite;

namespace HookRelay.Storage.Sqlite;

/// <summary>Opens connections to the SQLite file with the settings that make a commit durable.</summary>
internal sealed class SqliteDatabase(DataDirectory dataDirectory, int busyTimeoutSeconds)
{
    public string Path => dataDirectory.DatabasePath;

    public SqliteConnection OpenReadWrite()
    {
        Directory.CreateDirectory(dataDirectory.Path);
        var connection = Open(SqliteOpenMode.ReadWriteCreate);
        // WAL lets the CLI read while the server writes; synchronous=FULL fsyncs the WAL on every
        // commit, which is what makes "204 means on disk" true.
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        return connection;
    }

    /// <summary>
    /// A connection for queries that never creates the file. Read-write mode on purpose: a
    /// read-only connection cannot open a WAL database whose -shm file is missing.
    /// </summary>
    public SqliteConnection OpenForQueries()
    {
        if (!File.Exists(Path))
        {
            throw new StoreUnavailableException($"No HookRelay database at {Path}. Start 'hookrelay serve' or pass --data-dir.");
        }

        return Open(SqliteOpenMode.ReadWrite, pooling: true);
    }

    /// <summary>Applies the numbered scripts in Schema/ that the file has not seen yet; returns the versions applied.</summary>
    /// <param name="upTo">The last version to apply: a test stops short of a script to store rows as an older version did.</param>
    public static IReadOnlyList<int> Migrate(SqliteConnection connection, int upTo = int.MaxValue)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;", transaction), System.Globalization.CultureInfo.InvariantCulture);
        var applied = new List<int>();
        foreach (var (version, sql) in SchemaScripts.For("Sqlite").Where(s => s.Version > current && s.Version <= upTo))
        {
            Execute(connection, sql, transaction);
            Execute(connection, $"PRAGMA user_version = {version};", transaction);
            applied.Add(version);
        }

        transaction.Commit();
        return applied;
    }

    /// <param name="pooling">Query connections are pooled (opened for every dispatch batch); the writer's is long-lived.</param>
    private SqliteConnection Open(SqliteOpenMode mode, bool pooling = false)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = mode,
            Pooling = pooling,
            // Microsoft.Data.Sqlite retries a busy database until this many seconds have passed.
            DefaultTimeout = busyTimeoutSeconds,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

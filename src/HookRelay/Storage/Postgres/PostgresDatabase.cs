using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// The shared PostgreSQL database: one <see cref="NpgsqlDataSource"/> (one pool) per process, and
/// the numbered schema scripts applied under a lock so instances starting together do not race.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    // Any fixed number: instances running migrations at once queue on it.
    private const long MigrationLockKey = 0x486f6f6b52656c61; // "HookRela"

    public PostgresDatabase(string connectionString, string applicationName = "hookrelay")
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = applicationName;
        }

        if (builder.MaxAutoPrepare == 0)
        {
            // The writer runs the same few statements thousands of times: plan them once per connection.
            builder.MaxAutoPrepare = 32;
        }

        Settings = builder;
        DataSource = NpgsqlDataSource.Create(builder);
    }

    public NpgsqlDataSource DataSource { get; }

    public NpgsqlConnectionStringBuilder Settings { get; }

    /// <summary>Where the store is, for messages: host, port and database, never the password.</summary>
    public string Description => $"PostgreSQL database '{Settings.Database}' on {Settings.Host}:{Settings.Port}";

    /// <summary>A pooled connection for queries and short transactions.</summary>
    public NpgsqlConnection OpenForQueries()
    {
        try
        {
            return DataSource.OpenConnection();
        }
        catch (NpgsqlException ex)
        {
            throw new StoreUnavailableException($"Cannot reach the {Description}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A connection outside the pool, for session advisory locks: closing a pooled connection
    /// does not end its session, so a lock taken on one would outlive its owner's intent.
    /// </summary>
    public NpgsqlConnection OpenDedicated(string purpose)
    {
        var builder = new NpgsqlConnectionStringBuilder(Settings.ConnectionString)
        {
            Pooling = false,
            ApplicationName = $"{Settings.ApplicationName} {purpose}",
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Applies the scripts the database has not seen, in one transaction; returns the versions applied.</summary>
    public static IReadOnlyList<int> Migrate(NpgsqlConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey});");
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """);
        using var current = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations;", connection, transaction);
        var version = (int)current.ExecuteScalar()!;
        var applied = new List<int>();
        foreach (var (next, sql) in SchemaScripts.For("Postgres").Where(s => s.Version > version))
        {
            Execute(connection, transaction, sql);
            Execute(connection, transaction, $"INSERT INTO schema_migrations (version) VALUES ({next});");
            applied.Add(next);
        }

        transaction.Commit();
        return applied;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}

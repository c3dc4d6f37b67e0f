using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// The shared PostgreSQL database: one pool for queries and one for the writer per process, and
/// the numbered schema scripts applied under a lock so instances starting together do not race.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    // Any fixed number: instances running migrations at once queue on it.
    private const long MigrationLockKey = 0x486f6f6b52656c61; // "HookRela"

    private readonly NpgsqlDataSource _writer;
    private readonly bool _commandTimeoutGiven;

    public PostgresDatabase(string connectionString, string applicationName = "hookrelay")
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = applicationName;
        }

        // The writer runs the same few statements thousands of times: plan them once per connection
        // (queries do not: CustomPlans), unless the connection string says otherwise.
        var autoPrepareGiven = given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare");
        if (!autoPrepareGiven)
        {
            builder.MaxAutoPrepare = 32;
        }

        // Okta waits 3 s: an unreachable database must become a 503 within that, not after
        // Npgsql's default 15 s (unless the connection string says otherwise).
        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = 2;
        }

        Settings = builder;
        _commandTimeoutGiven = given.ContainsKey("Command Timeout") || given.ContainsKey("CommandTimeout");
        DataSource = NpgsqlDataSource.Create(CustomPlans(builder, autoPrepareGiven));

        // The writer's statements are small: one that takes longer than this is a database that
        // hangs, and the deliveries waiting on it get their 503 instead of waiting on.
        var writer = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { ApplicationName = $"{builder.ApplicationName} writer" };
        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
        {
            writer.CommandTimeout = 5;
        }

        if (!given.ContainsKey("Keepalive"))
        {
            writer.KeepAlive = 10;
        }

        _writer = NpgsqlDataSource.Create(writer);
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Queries are planned for their values every time (not prepared once per connection): a plan
    /// PostgreSQL keeps was made for the table as it was then, and one made while a new database's
    /// tables were nearly empty scanned them whole on every dispatch read (15 ms each a minute in)
    /// until autovacuum next analyzed them. Queries run per batch or per page, so planning each costs
    /// little; the writer, which runs a few statements thousands of times, keeps preparing them. Unless
    /// the connection string sets <c>Max Auto Prepare</c>.
    /// </summary>
    private static NpgsqlConnectionStringBuilder CustomPlans(NpgsqlConnectionStringBuilder builder, bool autoPrepareGiven)
    {
        var queries = new NpgsqlConnectionStringBuilder(builder.ConnectionString);
        if (!autoPrepareGiven)
        {
            queries.MaxAutoPrepare = 0;
        }

        return queries;
    }

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

    /// <summary>The group-commit writer's long-lived connection, with short timeouts.</summary>
    public NpgsqlConnection OpenWriter() => _writer.OpenConnection();

    /// <summary>
    /// A connection outside the pool, for session advisory locks: closing a pooled connection
    /// does not end its session, so a lock taken on one would outlive its owner's intent. The
    /// server probes the client often, so a lock held by a machine that vanished is freed in
    /// about half a minute, not after the system's two-hour keepalive.
    /// </summary>
    public NpgsqlConnection OpenDedicated(string purpose)
    {
        var builder = new NpgsqlConnectionStringBuilder(Settings.ConnectionString)
        {
            Pooling = false,
            ApplicationName = $"{Settings.ApplicationName} {purpose}",
            KeepAlive = 5,
        };
        if (!_commandTimeoutGiven)
        {
            builder.CommandTimeout = 5;
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        try
        {
            using var probe = new NpgsqlCommand(
                "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; SET tcp_user_timeout = 30000;",
                connection);
            probe.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Applies the scripts the database has not seen, in one transaction; returns the versions
    /// applied. An up-to-date database is only read, so the server needs no right to create
    /// tables once <c>hookrelay db migrate</c> has run.
    /// </summary>
    /// <param name="upTo">The last version to apply: a test stops short of a script to store rows as an older version did.</param>
    public static IReadOnlyList<int> Migrate(NpgsqlConnection connection, int upTo = int.MaxValue)
    {
        var scripts = SchemaScripts.For("Postgres").Where(s => s.Version <= upTo).ToList();
        if (CurrentVersion(connection, null) >= scripts[^1].Version)
        {
            return [];
        }

        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey});");
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """);
        var version = CurrentVersion(connection, transaction);
        var applied = new List<int>();
        foreach (var (next, sql) in scripts.Where(s => s.Version > version))
        {
            Execute(connection, transaction, sql);
            Execute(connection, transaction, $"INSERT INTO schema_migrations (version) VALUES ({next});");
            applied.Add(next);
        }

        transaction.Commit();
        return applied;
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await DataSource.DisposeAsync();
    }

    private static int CurrentVersion(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL;", connection, transaction);
        if (exists.ExecuteScalar() is not true)
        {
            return 0;
        }

        using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations;", connection, transaction);
        return (int)command.ExecuteScalar()!;
    }

    // No time limit: a script that fills a new table from every stored event runs for as long as
    // the events take, and the writer's 5 s would stop it (and so the start) on a large database.
    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }
}

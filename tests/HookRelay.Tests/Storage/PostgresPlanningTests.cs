using HookRelay.Storage.Postgres;
using HookRelay.Tests.Infrastructure;
using Npgsql;

namespace HookRelay.Tests.Storage;

/// <summary>
/// Queries are planned for their values every time, not prepared once per connection: a plan kept
/// per connection, made while a new database's tables were nearly empty, scanned them whole on every
/// dispatch read until autovacuum analyzed them. The writer keeps preparing its statements.
/// </summary>
public sealed class PostgresPlanningTests
{
    private const string Query = "SELECT COUNT(*) FROM events WHERE seq = @seq;";

    [Fact]
    public async Task Queries_AreNotPrepared_TheWritersStatementsAre()
    {
        await using var database = new PostgresDatabase(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync());
        MigrateWith(database);

        await using (var queries = database.OpenForQueries())
        {
            Assert.Equal(0, await PreparedAfterRepeatingAsync(queries));
        }

        await using var writer = database.OpenWriter();
        Assert.True(await PreparedAfterRepeatingAsync(writer) > 0, "the writer prepares what it runs again and again");
    }

    [Fact]
    public async Task MaxAutoPrepareInTheConnectionString_IsKept()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync()) { MaxAutoPrepare = 10 };
        await using var database = new PostgresDatabase(connectionString.ConnectionString);
        MigrateWith(database);

        await using var queries = database.OpenForQueries();

        Assert.True(await PreparedAfterRepeatingAsync(queries) > 0, "queries prepared as the connection string asks");
    }

    private static void MigrateWith(PostgresDatabase database)
    {
        using var connection = database.OpenForQueries();
        PostgresDatabase.Migrate(connection);
    }

    /// <summary>Runs one query ten times on <paramref name="connection"/>; how many statements the session then holds prepared.</summary>
    private static async Task<long> PreparedAfterRepeatingAsync(NpgsqlConnection connection)
    {
        for (var i = 0; i < 10; i++)
        {
            await using var command = new NpgsqlCommand(Query, connection);
            command.Parameters.AddWithValue("seq", (long)i);
            await command.ExecuteScalarAsync();
        }

        await using var prepared = new NpgsqlCommand("SELECT COUNT(*) FROM pg_prepared_statements;", connection);
        return (long)(await prepared.ExecuteScalarAsync())!;
    }
}

using Npgsql;

namespace HookRelay.Tests.Infrastructure;

public sealed class PostgresClusterTests
{
    [Fact]
    public async Task SharedCluster_TwoDatabases_AreSeparate()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var first = await cluster.CreateDatabaseAsync();
        var second = await cluster.CreateDatabaseAsync();

        await ExecuteAsync(first, "CREATE TABLE only_here (id int)");

        Assert.NotEqual(first, second);
        Assert.Same(cluster, await PostgresCluster.SharedAsync());
        Assert.Equal(1L, await ScalarAsync<long>(first, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"));
        Assert.Equal(0L, await ScalarAsync<long>(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"));
    }

    [Fact]
    public async Task SharedCluster_CannotBeStopped()
    {
        var cluster = await PostgresCluster.SharedAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(cluster.StopAsync);
    }

    [Fact]
    public async Task Stop_RefusesConnections_RestartBringsBackTheData()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var database = await cluster.CreateDatabaseAsync();
        await ExecuteAsync(database, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
        var port = cluster.Port;

        await cluster.StopAsync();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(database, "SELECT 1"));
        Assert.Contains("database system is shut down", cluster.Output, StringComparison.Ordinal);

        await cluster.RestartAsync();

        Assert.Equal(port, cluster.Port);
        Assert.Equal(42, await ScalarAsync<int>(database, "SELECT id FROM kept"));
    }

    [Fact]
    public async Task Kill_RestartRecoversCommittedRows()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var database = await cluster.CreateDatabaseAsync();
        await ExecuteAsync(database, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");

        await cluster.KillAsync();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(database, "SELECT 1"));

        // The WAL reached the kernel at commit; a killed server (unlike a lost machine) keeps it.
        await cluster.RestartAsync();

        Assert.Contains("automatic recovery in progress", cluster.Output, StringComparison.Ordinal);
        Assert.Equal(7, await ScalarAsync<int>(database, "SELECT id FROM kept"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T?)await command.ExecuteScalarAsync();
    }
}

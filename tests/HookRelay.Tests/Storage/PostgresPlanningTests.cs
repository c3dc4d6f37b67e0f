using HookRelay.Storage.Postgres;
using HookRelay.Tests.Infrastructure;
using Npgsql;

namespace HookRelay.Tests.Storage;

/// <summary>
/// Queries are planned for their values every time: a plan kept per connection, made while a new
/// database's tables were nearly empty, scanned them whole on every dispatch read until autovacuum analyzed them.
/// </summary>
public sealed class PostgresPlanningTests
{
    [Fact]
    public async Task Queries_ArePlannedEachTime()
    {
        await using var database = new PostgresDatabase(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync());

        Assert.Equal("force_custom_plan", await PlanCacheModeAsync(database));
    }

    [Fact]
    public async Task APlanCacheModeInTheConnectionString_IsKept()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync())
        {
            Options = "-c plan_cache_mode=force_generic_plan",
        };
        await using var database = new PostgresDatabase(connectionString.ConnectionString);

        Assert.Equal("force_generic_plan", await PlanCacheModeAsync(database));
    }

    private static async Task<string?> PlanCacheModeAsync(PostgresDatabase database)
    {
        await using var connection = database.OpenForQueries();
        await using var command = new NpgsqlCommand("SHOW plan_cache_mode;", connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}

using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Admin;

/// <summary>The admin API when its PostgreSQL store goes away.</summary>
public sealed class AdminStoreFaultTests
{
    [Fact]
    public async Task Events_WhenThePostgresServerIsDown_Returns503Problem()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await using var server = await AdminApi.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = await cluster.CreateDatabaseAsync(),
        });
        using var client = AdminApi.Client(server);
        await AdminApi.GetJsonAsync(client, "/api/v1/events");

        await cluster.StopAsync();
        using var events = await client.GetAsync("/api/v1/events");
        using var sinks = await client.GetAsync("/api/v1/sinks");

        await AdminApi.AssertProblemAsync(events, 503, "Store unavailable");
        await AdminApi.AssertProblemAsync(sinks, 503, "Store unavailable");
    }
}

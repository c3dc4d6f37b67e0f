using System.Net;
using HookRelay.Storage;
using HookRelay.Storage.Postgres;
using HookRelay.Tests.CrashSafety;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Storage;
using HookRelay.Tests.Storage.Contract;
using Npgsql;

namespace HookRelay.Tests.Scaling;

/// <summary>The PostgreSQL writer's guarantees that depend on PostgreSQL itself.</summary>
[Collection(SerialLoad.Name)]
public sealed class PostgresWriterTests
{
    [Fact]
    public async Task OneWriteThePostgresRefuses_FailsAlone_TheRestOfItsGroupCommitIsStored()
    {
        await using var store = new PostgresStoreUnderTest(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync());
        await store.Store.CheckWritableAsync(CancellationToken.None);
        var postgres = (PostgresEventStore)store.Store;

        var appends = Enumerable.Range(0, 60).Select(_ => Task.Run(() => store.Store.AppendAsync(StoreHarness.WithEvents(Guid.NewGuid().ToString()), CancellationToken.None))).ToList();
        var poison = Task.Run(() => postgres.EnqueueAsync(new RefusedWrite(), CancellationToken.None));
        appends.AddRange(Enumerable.Range(0, 60).Select(_ => Task.Run(() => store.Store.AppendAsync(StoreHarness.WithEvents(Guid.NewGuid().ToString()), CancellationToken.None))));

        await Assert.ThrowsAsync<StoreUnavailableException>(() => poison);
        var results = await Task.WhenAll(appends);
        Assert.All(results, r => Assert.Equal(1, r.StoredEvents));
        Assert.Equal(120, store.AllUuids().Count);
    }

    [Fact]
    public async Task DatabaseDefaultsToAsynchronousCommit_PostgresKilledUnderLoad_NoAcknowledgedEventLost()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var relaxed = new NpgsqlCommand($"ALTER DATABASE \"{admin.Database}\" SET synchronous_commit = off;", admin);
            await relaxed.ExecuteNonQueryAsync();
        }

        await using var server = await RunningHookRelay.StartAsync(PostgresOutageTests.Postgres(connectionString));
        await using var load = DeliveryLoad.Start(server.BaseAddress, TestSecrets.Primary, concurrency: 8);
        await Eventually.TrueAsync(() => load.AcknowledgedDeliveries >= 300, "deliveries acknowledged", TimeSpan.FromSeconds(30));

        // A crash of PostgreSQL itself: what was only in its memory is gone.
        await cluster.KillAsync();
        await load.StopAsync();
        await cluster.RestartAsync();

        var stored = await PostgresOutageTests.StoredUuidsAsync(connectionString);
        var lost = load.AcknowledgedUuids.Where(uuid => !stored.Contains(uuid)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {load.AcknowledgedUuids.Count} acknowledged events were lost when PostgreSQL crashed. Outcomes: {load.Summary}");
    }

    [Fact]
    public async Task AfterDbMigrate_AServerWhoseRoleMayNotCreateTables_StartsAndStores()
    {
        var connectionString = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync();
        var (exit, _, stderr) = await HookRelayProcess.RunAsync(["db", "migrate"], new Dictionary<string, string>
        {
            ["HOOKRELAY_Storage__Provider"] = "postgres",
            ["HOOKRELAY_Storage__ConnectionString"] = connectionString,
        });
        Assert.True(exit == 0, stderr);
        var role = "hr_app_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var grant = new NpgsqlCommand(
                $"""
                CREATE ROLE {role} LOGIN;
                REVOKE CREATE ON SCHEMA public FROM PUBLIC;
                GRANT USAGE ON SCHEMA public TO {role};
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
                GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role};
                """,
                admin);
            await grant.ExecuteNonQueryAsync();
        }

        var limited = new NpgsqlConnectionStringBuilder(connectionString) { Username = role }.ConnectionString;
        await using var server = await RunningHookRelay.StartAsync(PostgresOutageTests.Postgres(limited));
        var (body, uuids) = OktaPayloads.Fresh(2);
        using var response = await server.PostAsync(body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Superset(uuids.ToHashSet(), await PostgresOutageTests.StoredUuidsAsync(connectionString));
    }

    /// <summary>A write PostgreSQL refuses (division by zero), queued among deliveries.</summary>
    private sealed class RefusedWrite : PostgresWrite<bool>
    {
        public override void Prepare(PostgresWriteContext context) => context.Add(this, "SELECT 1 / 0;");

        protected override bool Run(PostgresWriteContext context) => true;
    }
}

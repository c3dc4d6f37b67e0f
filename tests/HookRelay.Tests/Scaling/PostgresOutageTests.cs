using System.Net;
using HookRelay.Tests.CrashSafety;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Scaling;

/// <summary>
/// PostgreSQL stopped and started again under load: Okta gets 503 (and retries) while the store
/// is away, never a 204 without a commit, and the server recovers without a restart.
/// </summary>
[Collection(SerialLoad.Name)]
public sealed class PostgresOutageTests
{
    private static readonly string[] ExpectedOutcomes = ["204", "503"];

    [Fact]
    public async Task PostgresStoppedAndStartedUnderLoad_503WhileDown_NoAcknowledgedEventLost_RecoversWithoutRestart()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var server = await RunningHookRelay.StartAsync(Postgres(connectionString));
        await using var load = DeliveryLoad.Start(server.BaseAddress, TestSecrets.Primary, concurrency: 8);
        await Eventually.TrueAsync(() => load.AcknowledgedDeliveries >= 50, "deliveries acknowledged before the outage", TimeSpan.FromSeconds(20));

        await cluster.StopAsync();
        var beforeOutage = load.Outcomes.GetValueOrDefault("503");
        await Eventually.TrueAsync(() => load.Outcomes.GetValueOrDefault("503") >= beforeOutage + 20, "503s while PostgreSQL is down", TimeSpan.FromSeconds(20));
        // Readiness reuses a probe's answer for a second; after that it must say why it is not ready.
        var notReady = await Eventually.ValueAsync(
            async () =>
            {
                using var ready = await server.Client.GetAsync("/health/ready");
                return ready.StatusCode == HttpStatusCode.ServiceUnavailable ? await ready.Content.ReadAsStringAsync() : null;
            },
            "/health/ready answering 503 while PostgreSQL is down",
            TimeSpan.FromSeconds(10));
        Assert.Contains("PostgreSQL cannot be reached", notReady, StringComparison.Ordinal);

        // The readiness answer is served on the public port: it says what, not where.
        Assert.DoesNotContain(cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), notReady, StringComparison.Ordinal);

        var acknowledgedWhileDown = load.AcknowledgedDeliveries;
        await cluster.RestartAsync();
        await Eventually.TrueAsync(() => load.AcknowledgedDeliveries >= acknowledgedWhileDown + 50, "deliveries acknowledged again after PostgreSQL came back", TimeSpan.FromSeconds(30));
        await load.StopAsync();
        await Eventually.TrueAsync(
            async () =>
            {
                using var ready = await server.Client.GetAsync("/health/ready");
                return ready.StatusCode == HttpStatusCode.OK;
            },
            "/health/ready answering 200 again",
            TimeSpan.FromSeconds(10));

        // Only 204 and 503: never a 4xx (Okta would not retry) or a 500.
        Assert.All(load.Outcomes.Keys, outcome => Assert.Contains(outcome, ExpectedOutcomes));
        var stored = await StoredUuidsAsync(connectionString);
        var missing = load.AcknowledgedUuids.Where(uuid => !stored.Contains(uuid)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {load.AcknowledgedUuids.Count} acknowledged events are not stored. Outcomes: {load.Summary}");
    }

    [Fact]
    public async Task Start_WithPostgresUnreachable_StopsWithAMessageNamingTheSetting()
    {
        var port = HookRelayProcess.FreePort();
        var settings = Postgres($"Host=127.0.0.1;Port={port};Username=postgres;Database=hookrelay;Timeout=2");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningHookRelay.StartAsync(settings));

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> Postgres(string connectionString) => new()
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = connectionString,
    };

    internal static async Task<HashSet<string>> StoredUuidsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT uuid FROM events;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var uuids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            uuids.Add(reader.GetString(0));
        }

        return uuids;
    }
}

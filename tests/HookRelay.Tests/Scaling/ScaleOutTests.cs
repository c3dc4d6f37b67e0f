using System.Globalization;
using System.Text.Json;
using HookRelay.Tests.CrashSafety;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Sinks.Http;
using Npgsql;

namespace HookRelay.Tests.Scaling;

/// <summary>
/// Three real <c>hookrelay serve</c> processes on one PostgreSQL database, each behind its own
/// share of the load, as behind a load balancer. The one reconciling the Okta org is killed with
/// SIGKILL: nothing it acknowledged is lost, the others deliver its unfinished sink work once its
/// leases run out, and reconciliation moves to a survivor.
/// </summary>
[Collection(SerialLoad.Name)]
public sealed class ScaleOutTests
{
    private const int Instances = 3;
    private const int ConcurrencyPerInstance = 5;
    private const int MinimumAcknowledgedDeliveries = 200;

    [Fact]
    public async Task ThreeInstances_ReconcilerKilledUnderLoad_NoAcknowledgedEventLost_SinkGetsEverything_ReconciliationMoves()
    {
        var connectionString = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync();
        await using var siem = await RecordingServer.StartAsync();

        // A slow sink: every instance always has a claimed batch in flight, so the one killed dies holding leases.
        siem.Reply = new ServerReply(204, Delay: TimeSpan.FromMilliseconds(300));
        await using var okta = await SimulatedOrg.StartAsync();
        var servers = new List<(HookRelayProcess Process, Uri Address)>();
        try
        {
            // Started together: they race to apply the schema, which the migration lock serialises.
            for (var i = 0; i < Instances; i++)
            {
                var port = HookRelayProcess.FreePort();
                servers.Add((Start(port, connectionString, siem, okta), new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}")));
            }

            foreach (var (process, address) in servers)
            {
                await process.WaitUntilLiveAsync(address, TimeSpan.FromSeconds(60));
            }

            var holder = await Eventually.ValueAsync(() => ReconcilerPidAsync(connectionString), "one instance holding the org's reconciliation lock", TimeSpan.FromSeconds(30));
            var victim = servers.Single(s => s.Process.Id == holder);
            var survivors = servers.Where(s => s.Process.Id != holder).ToList();

            var loads = servers.Select(s => DeliveryLoad.Start(s.Address, TestSecrets.Primary, ConcurrencyPerInstance)).ToList();
            try
            {
                await Eventually.TrueAsync(() => loads.Sum(l => l.AcknowledgedDeliveries) >= MinimumAcknowledgedDeliveries, "deliveries acknowledged by all three", TimeSpan.FromSeconds(30));
                victim.Process.Kill();
                await victim.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
                var atKill = loads.Sum(l => l.AcknowledgedDeliveries);
                await Eventually.TrueAsync(() => loads.Sum(l => l.AcknowledgedDeliveries) >= atKill + 100, "the survivors acknowledging after the kill", TimeSpan.FromSeconds(30));
            }
            finally
            {
                foreach (var load in loads)
                {
                    await load.StopAsync();
                }
            }

            var acknowledged = loads.SelectMany(l => l.AcknowledgedUuids).ToHashSet(StringComparer.Ordinal);
            var outcomes = string.Join("; ", loads.Select(l => l.Summary));
            Assert.True(loads[servers.IndexOf(victim)].AcknowledgedDeliveries > 0, $"the killed instance acknowledged nothing: {outcomes}");

            // Every acknowledged event is stored (the uuid is unique: at most once).
            var stored = await PostgresOutageTests.StoredUuidsAsync(connectionString);
            var lost = acknowledged.Where(uuid => !stored.Contains(uuid)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged events are not stored, e.g. {string.Join(", ", lost.Take(3))}. Outcomes: {outcomes}");

            // Reconciliation moves to a survivor, which backfills what Okta logs from now on.
            var newHolder = await Eventually.ValueAsync(
                async () => await ReconcilerPidAsync(connectionString) is { } pid && pid != victim.Process.Id ? pid : (int?)null,
                "a survivor holding the org's reconciliation lock",
                TimeSpan.FromSeconds(30));
            Assert.Contains(survivors, s => s.Process.Id == newHolder);
            var logged = Enumerable.Range(0, 20).Select(_ => okta.Log.Append("user.lifecycle.create").Uuid).ToList();
            await Eventually.TrueAsync(
                async () => (await PostgresOutageTests.StoredUuidsAsync(connectionString)).IsSupersetOf(logged),
                "events logged after the kill reconciled by the survivor",
                TimeSpan.FromSeconds(30));

            // Once the survivors have claimed everything free and finished their batches, what is
            // still leased and undelivered was claimed by the instance that died.
            await Eventually.TrueAsync(
                async () => await ScalarAsync(connectionString, $"SELECT COUNT(*) FROM dispatch WHERE state = 0 AND (lease_until IS NULL OR lease_until <= {Now})") == 0,
                "the survivors claiming every free item",
                TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var stranded = await QueryAsync(connectionString, $"SELECT string_agg(id::text, ',') FROM dispatch WHERE state = 0 AND lease_until > {Now}");
            Assert.False(string.IsNullOrEmpty(stranded as string), "the killed instance held no leased work: the test did not exercise the take-over");

            // The survivors deliver it when its leases run out (a minute after the claim).
            await Eventually.TrueAsync(
                async () => await ScalarAsync(connectionString, $"SELECT COUNT(*) FROM dispatch WHERE id IN ({stranded}) AND state <> 1") == 0,
                "the dead instance's leased work delivered by a survivor",
                TimeSpan.FromSeconds(120));
            var expected = await PostgresOutageTests.StoredUuidsAsync(connectionString);
            await Eventually.TrueAsync(() => SinkUuids(siem).IsSupersetOf(expected), "every stored event delivered to the sink", TimeSpan.FromSeconds(120));
        }
        finally
        {
            foreach (var (process, _) in servers)
            {
                await process.DisposeAsync();
            }
        }
    }

    private const string Now = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    /// <summary>The pid of the instance holding the org's lock, from the application name its lock connection gives PostgreSQL.</summary>
    private static async Task<int?> ReconcilerPidAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted
              AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('hookrelay:okta:acme', 0);
            """,
            connection);
        var name = await command.ExecuteScalarAsync() as string;

        // "hookrelay {pid}@{machine} locks"
        return name is null ? null : int.Parse(name.Split(' ')[1].Split('@')[0], CultureInfo.InvariantCulture);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql) =>
        (long)(await QueryAsync(connectionString, sql))!;

    private static async Task<object?> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static HashSet<string> SinkUuids(RecordingServer siem)
    {
        var uuids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in siem.Requests)
        {
            using var body = JsonDocument.Parse(request.Body);
            var events = body.RootElement.ValueKind == JsonValueKind.Array ? [.. body.RootElement.EnumerateArray()] : new List<JsonElement> { body.RootElement };
            uuids.UnionWith(events.Select(e => e.GetProperty("uuid").GetString()!));
        }

        return uuids;
    }

    private static HookRelayProcess Start(int port, string connectionString, RecordingServer siem, SimulatedOrg okta)
    {
        var environment = okta.Environment("acme");
        environment["HOOKRELAY_Okta__Orgs__acme__Reconcile__Enabled"] = "true";
        environment["HOOKRELAY_Okta__Orgs__acme__Reconcile__Interval"] = "00:00:01";
        environment["HOOKRELAY_Okta__Orgs__acme__Reconcile__FailureCheckInterval"] = "00:00:00";
        environment["HOOKRELAY_Okta__Orgs__acme__Hooks__0"] = "okta";
        environment["HOOKRELAY_Okta__Orgs__acme__HookCheckInterval"] = "00:00:00";
        environment["HOOKRELAY_Hooks__okta__Secrets__0"] = TestSecrets.Primary;
        environment["HOOKRELAY_Storage__Provider"] = "postgres";
        environment["HOOKRELAY_Storage__ConnectionString"] = connectionString;
        environment["HOOKRELAY_Sinks__siem__Type"] = "http";
        environment["HOOKRELAY_Sinks__siem__Url"] = siem.Url.ToString();
        environment["HOOKRELAY_Sinks__siem__BatchSize"] = "200";
        environment["HOOKRELAY_Routes__0__Sinks__0"] = "siem";
        return HookRelayProcess.Start(["serve", "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], environment);
    }
}

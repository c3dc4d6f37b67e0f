using System.Globalization;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.CrashSafety;

/// <summary>
/// "204 means on disk": the real executable is killed with SIGKILL in the middle of a concurrent
/// load, and every event it acknowledged must be in the store after a restart.
/// </summary>
[Collection(SerialLoad.Name)]
public sealed class SigkillTests
{
    private const int Concurrency = 16;
    private const int MinimumAcknowledgedDeliveries = 300;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Sigkill_UnderConcurrentLoad_LosesNoAcknowledgedEvent()
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");

        IReadOnlyList<string> acknowledged;
        int acknowledgedDeliveries;
        string outcomes;
        await using (var server = StartServer(port, dataDir.Path))
        {
            await server.WaitUntilLiveAsync(baseAddress);
            await using var load = DeliveryLoad.Start(baseAddress, TestSecrets.Primary, Concurrency);
            await Task.Delay(LoadDuration);

            server.Kill();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await load.StopAsync();
            acknowledged = load.AcknowledgedUuids;
            acknowledgedDeliveries = load.AcknowledgedDeliveries;
            outcomes = load.Summary;
        }

        Assert.True(
            acknowledgedDeliveries >= MinimumAcknowledgedDeliveries,
            $"Only {acknowledgedDeliveries} deliveries were acknowledged before SIGKILL; the test needs at least {MinimumAcknowledgedDeliveries} to mean something. Outcomes: {outcomes}");

        // The restarted server must open the store the crash left behind, and take writes again.
        await using (var restarted = StartServer(port, dataDir.Path))
        {
            await restarted.WaitUntilLiveAsync(baseAddress);
            using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
            using var after = await client.SendAsync(RunningHookRelay.Delivery(OktaPayloads.Fresh(2).Body));
            Assert.Equal(System.Net.HttpStatusCode.NoContent, after.StatusCode);
            restarted.Terminate();
            Assert.Equal(0, await restarted.WaitForExitAsync(TimeSpan.FromSeconds(35)));
        }

        var stored = StoreQueries.AllUuids(dataDir.DatabasePath);
        var missing = acknowledged.Where(uuid => !stored.Contains(uuid)).ToList();
        Assert.True(
            missing.Count == 0,
            $"{missing.Count} of {acknowledged.Count} acknowledged events ({acknowledgedDeliveries} deliveries answered 204) are missing " +
            $"from the {stored.Count} events stored after SIGKILL and restart. First missing: {string.Join(", ", missing.Take(5))}. Outcomes: {outcomes}");
        Assert.Equal(StoreQueries.Scalar(dataDir.DatabasePath, "SELECT COUNT(DISTINCT uuid) FROM events"), StoreQueries.EventCount(dataDir.DatabasePath));

        // A delivery and its events commit together: no delivery is half there.
        var partialDeliveries = StoreQueries.Scalar(
            dataDir.DatabasePath,
            """
            SELECT COUNT(*) FROM deliveries d
            LEFT JOIN (SELECT delivery_id, COUNT(*) AS n FROM events GROUP BY delivery_id) e ON e.delivery_id = d.id
            WHERE d.event_count <> COALESCE(e.n, 0)
            """);
        var orphanEvents = StoreQueries.Scalar(
            dataDir.DatabasePath,
            "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = e.delivery_id)");
        Assert.Equal(0, partialDeliveries);
        Assert.Equal(0, orphanEvents);
    }

    private static HookRelayProcess StartServer(int port, string dataDir) =>
        HookRelayProcess.Start(
            ["serve", "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--data-dir", dataDir],
            new Dictionary<string, string> { ["HOOKRELAY_Hooks__okta__Secrets__0"] = TestSecrets.Primary });
}

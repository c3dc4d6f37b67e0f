using System.Text.Json;
using HookRelay.Simulator;
using HookRelay.Simulator.Delivery;
using Microsoft.Extensions.DependencyInjection;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Sinks.Http;

namespace HookRelay.Tests.Okta;

/// <summary>
/// The whole loop against the simulated org: Okta delivers with drops, duplicates and reordering;
/// reconciliation fills every gap, so the store holds exactly the org's System Log for the
/// reconciled types — none missing, none twice — and every sink receives each event once.
/// </summary>
[Collection(CrashSafety.SerialLoad.Name)]
public sealed class EndToEndReconciliationTests
{
    private const int Events = 600;

    [Fact]
    public async Task LossyDuplicatingReorderingDelivery_PlusReconciliation_LeavesTheStoreEqualToTheSystemLog()
    {
        // HookRelay first, so that Okta's very first delivery finds it; the org then starts on a port chosen now.
        var oktaUrl = $"http://127.0.0.1:{HookRelayProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        await using var siem = await RecordingServer.StartAsync();
        using var folder = new TempDirectory();
        var archive = Path.Combine(folder.Path, "archive.jsonl");
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Okta:Orgs:sim:Domain"] = oktaUrl,
            ["Okta:Orgs:sim:ApiToken"] = SimulatedOrg.Token,
            ["Okta:Orgs:sim:Hooks:0"] = "okta",
            ["Okta:Orgs:sim:Reconcile:Interval"] = "00:00:01",
            ["Okta:Orgs:sim:Reconcile:EventTypes:0"] = "user.*",
            ["Okta:Orgs:sim:Reconcile:EventTypes:1"] = "group.user_membership.add",
            ["Sinks:archive:Type"] = "file",
            ["Sinks:archive:Path"] = archive,
            ["Sinks:siem:Type"] = "http",
            ["Sinks:siem:Url"] = siem.Url.ToString(),
            ["Sinks:siem:BatchSize"] = "50",
            ["Routes:0:Sinks:0"] = "archive",
            ["Routes:0:Sinks:1"] = "siem",
        }, dataDir: folder.Path);
        var org = SimulatorApp.Build(oktaUrl, o =>
        {
            o.ApiToken = SimulatedOrg.Token;
            o.Seed = 20261126;
            o.Traffic.EventsPerSecond = 300;
            o.Traffic.MaxEvents = Events;
            o.Delivery.BatchWindow = TimeSpan.FromMilliseconds(50);
            o.Delivery.MaxBatchSize = 10;
            o.Delivery.Drop = 0.05;
            o.Delivery.Duplicate = 0.05;
            o.Delivery.Reorder = 0.2;
        });
        await using var _ = org;
        var log = org.Services.GetRequiredService<SimulatedSystemLog>();
        var stats = org.Services.GetRequiredService<SimulatedDeliveryStats>();
        org.Services.GetRequiredService<SimulatedDeliveryTargets>().Add(SimulatedOrg.Target(new Uri(server.BaseAddress, "/hooks/okta"), TestSecrets.Primary));
        await org.StartAsync();

        await Eventually.TrueAsync(() => log.Count >= Events, "the org generated its traffic", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => stats.Delivered + stats.Dropped + stats.FailedEvents >= Events, $"the org finished delivering: {stats.Summary()}", TimeSpan.FromSeconds(30));
        var reconciled = log.Between(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, e => IsReconciled(e.EventType)).Select(e => e.Uuid).ToHashSet();
        await Eventually.TrueAsync(
            () => reconciled.IsSubsetOf(StoreQueries.AllUuids(server.DatabasePath)),
            "every reconciled event stored",
            TimeSpan.FromSeconds(60));

        // Pushes of other types may or may not have arrived; for the reconciled types the store is the System Log.
        var stored = StoreQueries.AllUuids(server.DatabasePath);
        var storedReconciled = StoreQueries.Strings(server.DatabasePath, "SELECT uuid FROM events WHERE event_type LIKE 'user.%' OR event_type = 'group.user_membership.add'");
        Assert.Equal(reconciled.Order(StringComparer.Ordinal), storedReconciled.Order(StringComparer.Ordinal));
        Assert.Equal(stored.Count, StoreQueries.EventCount(server.DatabasePath));
        Assert.True(stats.Dropped > 0 && stats.Duplicated > 0, $"the faults happened: {stats.Summary()}");
        Assert.True(StoreQueries.Scalar(server.DatabasePath, "SELECT COUNT(*) FROM events WHERE provenance = 2") > 0, "some events only the System Log had");

        await Eventually.TrueAsync(() => ArchivedUuids(archive).Count >= stored.Count && SiemUuids(siem).Count >= stored.Count, "both sinks caught up", TimeSpan.FromSeconds(30));
        AssertEachOnce(stored, ArchivedUuids(archive), "archive");
        AssertEachOnce(stored, SiemUuids(siem), "siem");
    }

    private static bool IsReconciled(string eventType) =>
        eventType.StartsWith("user.", StringComparison.Ordinal) || eventType == "group.user_membership.add";

    private static void AssertEachOnce(HashSet<string> expected, List<string> received, string sink)
    {
        var twice = received.GroupBy(u => u, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"{sink} received {twice.Count} events more than once");
        Assert.Equal(expected.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }

    private static List<string> ArchivedUuids(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uuid").GetString()!)] : [];

    private static List<string> SiemUuids(RecordingServer siem)
    {
        var uuids = new List<string>();
        foreach (var request in siem.Requests)
        {
            using var body = JsonDocument.Parse(request.Body);
            var events = body.RootElement.ValueKind == JsonValueKind.Array ? [.. body.RootElement.EnumerateArray()] : new List<JsonElement> { body.RootElement };
            uuids.AddRange(events.Select(e => e.GetProperty("uuid").GetString()!));
        }

        return uuids;
    }
}

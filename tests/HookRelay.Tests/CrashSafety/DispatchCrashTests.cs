using System.Globalization;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.CrashSafety;

/// <summary>
/// At-least-once dispatch: the real executable is killed with SIGKILL while it is both receiving
/// and dispatching; after a restart every acknowledged event reaches every sink its route names.
/// </summary>
[Collection(SerialLoad.Name)]
public sealed class DispatchCrashTests
{
    [Fact]
    public async Task Sigkill_DuringDispatch_EveryAcknowledgedEventReachesEverySinkAfterRestart()
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var files = new[] { Path.Combine(dataDir.Path, "a.jsonl"), Path.Combine(dataDir.Path, "b.jsonl") };

        IReadOnlyList<string> acknowledged;
        await using (var server = StartServer(port, dataDir.Path, files))
        {
            await server.WaitUntilLiveAsync(baseAddress);
            await using var load = DeliveryLoad.Start(baseAddress, TestSecrets.Primary, 8);
            await Task.Delay(TimeSpan.FromSeconds(2));
            server.Kill();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await load.StopAsync();
            acknowledged = load.AcknowledgedUuids;
        }

        var pendingAtKill = StoreQueries.Scalar(dataDir.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state = 0");
        Assert.True(acknowledged.Count >= 200, $"only {acknowledged.Count} events were acknowledged before the kill");
        Assert.True(pendingAtKill > 0, "dispatch had finished before the kill; the test must kill it mid-way");

        await using (var restarted = StartServer(port, dataDir.Path, files))
        {
            await restarted.WaitUntilLiveAsync(baseAddress);
            await Eventually.TrueAsync(() => StoreQueries.Scalar(dataDir.DatabasePath, "SELECT COUNT(*) FROM dispatch WHERE state <> 1") == 0, "every item delivered after the restart", TimeSpan.FromSeconds(60));
            restarted.Terminate();
            await restarted.WaitForExitAsync(TimeSpan.FromSeconds(35));
        }

        foreach (var file in files)
        {
            var delivered = File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uuid").GetString()!).ToHashSet(StringComparer.Ordinal);
            var missing = acknowledged.Where(u => !delivered.Contains(u)).ToList();
            Assert.True(
                missing.Count == 0,
                $"{Path.GetFileName(file)}: {missing.Count} of {acknowledged.Count} acknowledged events never arrived ({pendingAtKill} work items were pending at the kill). First: {string.Join(", ", missing.Take(3))}");
        }
    }

    private static HookRelayProcess StartServer(int port, string dataDir, string[] files) =>
        HookRelayProcess.Start(
            ["serve", "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--data-dir", dataDir],
            new Dictionary<string, string>
            {
                ["HOOKRELAY_Hooks__okta__Secrets__0"] = TestSecrets.Primary,
                ["HOOKRELAY_Sinks__a__Type"] = "file",
                ["HOOKRELAY_Sinks__a__Path"] = files[0],
                ["HOOKRELAY_Sinks__b__Type"] = "file",
                ["HOOKRELAY_Sinks__b__Path"] = files[1],
                ["HOOKRELAY_Sinks__b__BatchSize"] = "1",
                ["HOOKRELAY_Routes__0__Sinks__0"] = "a",
                ["HOOKRELAY_Routes__0__Sinks__1"] = "b",
            });
}

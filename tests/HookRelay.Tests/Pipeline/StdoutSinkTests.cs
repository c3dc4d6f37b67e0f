using System.Globalization;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Pipeline;

/// <summary>The stdout sink, seen as a user piping <c>hookrelay serve</c> would see it.</summary>
public sealed class StdoutSinkTests
{
    [Fact]
    public async Task StdoutSink_PrintsOneJsonLinePerEvent()
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        await using var server = HookRelayProcess.Start(
            ["serve", "--urls", baseAddress.ToString(), "--data-dir", dataDir.Path],
            new Dictionary<string, string>
            {
                ["HOOKRELAY_Hooks__okta__Secrets__0"] = TestSecrets.Primary,
                ["HOOKRELAY_Sinks__debug__Type"] = "stdout",
                ["HOOKRELAY_Routes__0__Sinks__0"] = "debug",
                ["HOOKRELAY_Logging__LogLevel__Default"] = "Warning",
            });
        await server.WaitUntilLiveAsync(baseAddress);
        using var client = new HttpClient { BaseAddress = baseAddress };
        var (body, uuids) = OktaPayloads.Fresh(2, "user.lifecycle.create");

        (await client.SendAsync(RunningHookRelay.Delivery(body))).Dispose();

        List<JsonElement> printed = [];
        for (var i = 0; i < 100 && printed.Count < 2; i++)
        {
            await Task.Delay(100);
            printed = [.. server.StandardOutput.Split('\n').Where(l => l.StartsWith("{\"hook\"", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement)];
        }

        Assert.Equal(uuids.ToHashSet(), printed.Select(p => p.GetProperty("uuid").GetString()!).ToHashSet());
        Assert.All(printed, p => Assert.Equal("user.lifecycle.create", p.GetProperty("event").GetProperty("eventType").GetString()));
    }
}

using System.Net;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Cli;

/// <summary>The CLI reads the store while the server is busy writing to it.</summary>
public sealed class EventsWhileServingTests
{
    [Fact]
    public async Task EventsList_WhileServerIsWriting_ReadsCommittedEvents()
    {
        await using var server = await RunningHookRelay.StartAsync();
        using var stop = new CancellationTokenSource();
        var acknowledged = 0;
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await server.PostAsync(OktaPayloads.Fresh(2, "test.concurrent").Body);
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
                Interlocked.Increment(ref acknowledged);
            }
        })).ToList();

        var counts = new List<int>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var (exitCode, stdout, stderr) = await HookRelayProcess.RunAsync(
                    ["events", "list", "--json", "--limit", "1000000", "--data-dir", server.DataDir], timeout: TimeSpan.FromSeconds(30));
                Assert.True(exitCode == 0, $"events list exited with {exitCode} while the server was writing: {stderr}");
                using var listed = JsonDocument.Parse(stdout);
                counts.Add(listed.RootElement.GetArrayLength());
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(Volatile.Read(ref acknowledged) > 0, "The server took no deliveries during the test.");
        Assert.Equal(counts.Order(), counts);
        Assert.True(counts[^1] > counts[0], $"The CLI did not see new events arrive between reads: {string.Join(", ", counts)}");
        Assert.Equal(2L * Volatile.Read(ref acknowledged), StoreQueries.EventCount(server.DatabasePath));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.CrashSafety;

/// <summary>
/// Graceful shutdown on SIGTERM, as systemd or Kubernetes send it: stop accepting, answer what is
/// in flight, flush the store, exit 0.
/// </summary>
[Collection(SerialLoad.Name)]
public sealed class SigtermTests
{
    private const int Concurrency = 16;

    /// <summary>HostOptions.ShutdownTimeout of <c>hookrelay serve</c>, plus room for the process to end.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(35);

    [Fact]
    public async Task Sigterm_WithDeliveriesInFlight_AnswersThemAndExitsCleanly()
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        await using var server = StartServer(port, dataDir.Path);
        await server.WaitUntilLiveAsync(baseAddress);
        await using var load = DeliveryLoad.Start(baseAddress, TestSecrets.Primary, Concurrency);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var shutdown = Stopwatch.StartNew();
        server.Terminate();
        var exitCode = await server.WaitForExitAsync(ExitTimeout);
        shutdown.Stop();
        await load.StopAsync();

        Assert.True(exitCode == 0, $"hookrelay exited with {exitCode} after SIGTERM.\nstderr:\n{server.StandardError}");
        Assert.True(load.AcknowledgedDeliveries >= 100, $"Only {load.AcknowledgedDeliveries} deliveries were acknowledged; outcomes: {load.Summary}");
        var otherStatuses = load.Outcomes.Where(o => !o.Key.StartsWith("error", StringComparison.Ordinal) && o.Key != "204").ToList();
        Assert.True(otherStatuses.Count == 0, $"During shutdown the server answered something other than 204: {load.Summary}");

        var stored = StoreQueries.AllUuids(dataDir.DatabasePath);
        var missing = load.AcknowledgedUuids.Where(uuid => !stored.Contains(uuid)).ToList();
        Assert.True(
            missing.Count == 0,
            $"{missing.Count} of {load.AcknowledgedUuids.Count} acknowledged events are missing from the {stored.Count} stored after SIGTERM " +
            $"(shutdown took {shutdown.Elapsed.TotalSeconds:F1} s). Outcomes: {load.Summary}");
    }

    [Fact]
    public async Task Sigterm_DuringSlowUpload_StopsAcceptingButFinishesTheRequest()
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        await using var server = StartServer(port, dataDir.Path);
        await server.WaitUntilLiveAsync(baseAddress);

        var (body, uuids) = OktaPayloads.Fresh(2);
        var bytes = Encoding.UTF8.GetBytes(body);
        using var content = new GatedContent(bytes, bytes.Length / 2);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/okta") { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", TestSecrets.Primary);
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var sending = client.SendAsync(request);
        await content.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(10));
        // Give the server the time to route the request and start reading its body.
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        server.Terminate();
        await WaitUntilRefusedAsync(port, TimeSpan.FromSeconds(3));
        Assert.False(server.HasExited, "hookrelay exited while a request was still in flight.");
        Assert.False(sending.IsCompleted, "The request was answered before the rest of its body was sent.");

        content.SendRest();
        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var exitCode = await server.WaitForExitAsync(ExitTimeout);
        Assert.True(exitCode == 0, $"hookrelay exited with {exitCode} after SIGTERM.\nstderr:\n{server.StandardError}");
        var stored = StoreQueries.AllUuids(dataDir.DatabasePath);
        Assert.All(uuids, uuid => Assert.Contains(uuid, stored));
    }

    /// <summary>Polls until a new connection to the port is refused: the server has stopped accepting.</summary>
    private static async Task WaitUntilRefusedAsync(int port, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                // Reset: the listener was closing as the connection arrived; either way it no longer accepts.
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"127.0.0.1:{port} still accepted connections {timeout.TotalSeconds} s after SIGTERM.");
    }

    private static HookRelayProcess StartServer(int port, string dataDir) =>
        HookRelayProcess.Start(
            ["serve", "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--data-dir", dataDir],
            new Dictionary<string, string> { ["HOOKRELAY_Hooks__okta__Secrets__0"] = TestSecrets.Primary });
}

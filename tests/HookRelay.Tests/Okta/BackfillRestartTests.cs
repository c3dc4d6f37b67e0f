using System.Collections.Concurrent;
using System.Globalization;
using HookRelay.Simulator;
using HookRelay.Tests.CrashSafety;
using HookRelay.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HookRelay.Tests.Okta;

/// <summary>The real executable killed in the middle of a backfill resumes from its saved cursor: no gap, no re-read from the start.</summary>
[Collection(SerialLoad.Name)]
public sealed class BackfillRestartTests
{
    private const string Token = "00simulated-api-token-0123456789abcdef";
    private const int Backlog = 3_000;

    [Fact]
    public async Task Sigkill_MidBackfill_ResumesFromTheSavedCursorWithoutGapsOrRepeats()
    {
        // One /logs request a second: the three pages of the backlog take several seconds.
        var okta = SimulatorApp.Build("http://127.0.0.1:0", o =>
        {
            o.ApiToken = Token;
            o.LogsRequestsPerWindow = 1;
            o.RateLimitWindow = TimeSpan.FromSeconds(1);
        });
        var requests = new ConcurrentQueue<string>();
        okta.Use(async (HttpContext context, RequestDelegate next) =>
        {
            if (context.Request.Path == "/api/v1/logs")
            {
                requests.Enqueue(context.Request.QueryString.Value ?? string.Empty);
            }

            await next(context);
        });
        await okta.StartAsync();
        await using var _ = okta;
        var log = okta.Services.GetRequiredService<SimulatedSystemLog>();
        var expected = Enumerable.Range(0, Backlog).Select(i => log.Append(i % 2 == 0 ? "user.lifecycle.create" : "group.user_membership.add").Uuid).ToHashSet();
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        string savedCursor;
        await using (var first = Start(port, dataDir.Path, okta))
        {
            await first.WaitUntilLiveAsync(baseAddress);
            await Eventually.TrueAsync(
                () => File.Exists(dataDir.DatabasePath) && StoreQueries.Scalar(dataDir.DatabasePath, "SELECT COUNT(*) FROM okta_cursors WHERE position_at IS NOT NULL") == 1,
                "the first page stored and the cursor moved",
                TimeSpan.FromSeconds(30));
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        var storedAtKill = StoreQueries.EventCount(dataDir.DatabasePath);
        Assert.True(storedAtKill is >= 1000 and < Backlog, $"killed with {storedAtKill} of {Backlog} events stored: not in the middle");
        savedCursor = StoreQueries.Text(dataDir.DatabasePath, "SELECT next_url FROM okta_cursors");
        var requestsBeforeRestart = requests.Count;

        await using (var second = Start(port, dataDir.Path, okta))
        {
            await second.WaitUntilLiveAsync(baseAddress);
            await Eventually.TrueAsync(() => StoreQueries.EventCount(dataDir.DatabasePath) == Backlog, "the whole backlog stored after the restart", TimeSpan.FromSeconds(60));
            second.Terminate();
            await second.WaitForExitAsync(TimeSpan.FromSeconds(35));

            // Dozens of System Log pages were read; the log says nothing about each HTTP request.
            Assert.DoesNotContain("HTTP request", second.StandardError, StringComparison.Ordinal);
        }

        Assert.Equal(expected, StoreQueries.AllUuids(dataDir.DatabasePath));
        Assert.Equal(Backlog, StoreQueries.Scalar(dataDir.DatabasePath, "SELECT COUNT(DISTINCT uuid) FROM events WHERE provenance = 2"));
        var afterRestart = requests.Skip(requestsBeforeRestart).ToList();
        Assert.Equal(new Uri(savedCursor).Query, afterRestart[0]);
        Assert.All(afterRestart, q => Assert.Contains("after=", q, StringComparison.Ordinal));
    }

    private static HookRelayProcess Start(int port, string dataDir, WebApplication okta) =>
        HookRelayProcess.Start(
            ["serve", "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--data-dir", dataDir],
            new Dictionary<string, string>
            {
                ["HOOKRELAY_Hooks__okta__Secrets__0"] = TestSecrets.Primary,
                ["HOOKRELAY_Okta__Orgs__acme__Domain"] = okta.Urls.First(),
                ["HOOKRELAY_Okta__Orgs__acme__ApiToken"] = Token,
                ["HOOKRELAY_Okta__Orgs__acme__Hooks__0"] = "okta",
                ["HOOKRELAY_Okta__Orgs__acme__Reconcile__Interval"] = "00:00:01",

                // Only reconciliation reads /logs here, so the requests seen are its own.
                ["HOOKRELAY_Okta__Orgs__acme__Reconcile__FailureCheckInterval"] = "00:00:00",
            });
}

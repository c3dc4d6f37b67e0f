using System.Diagnostics;
using System.Net;
using HookRelay.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace HookRelay.Tests.Storage;

/// <summary>Storage trouble is answered 503 (Okta retries 5xx), never 204 and never a 4xx.</summary>
public sealed class StorageFailureTests
{
    [Fact]
    public async Task Post_WhileDatabaseIsLocked_Returns503WithRetryAfterThenRecovers()
    {
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Storage:BusyTimeoutSeconds"] = "1" });
        var (blocked, blockedUuids) = OktaPayloads.Fresh(2);
        using (var blocker = LockDatabase(server.DatabasePath))
        {
            using var response = await server.PostAsync(blocked);
            using var ready = await server.Client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("lock", await ready.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        using var retried = await server.PostAsync(blocked);

        Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
        Assert.Superset(blockedUuids.ToHashSet(), StoreQueries.AllUuids(server.DatabasePath));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Post_AbandonedBySenderWhileWaitingForCommit_IsCountedAndStillStored()
    {
        var hook = "abandon-" + Guid.NewGuid().ToString("N")[..8];
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:BusyTimeoutSeconds"] = "3",
            [$"Hooks:{hook}:Secrets:0"] = TestSecrets.Primary,
        });
        var (body, uuids) = OktaPayloads.Fresh(1);
        using var impatient = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };
        using (var blocker = LockDatabase(server.DatabasePath))
        {
            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.SendAsync(RunningHookRelay.Delivery(body, hook: hook)));
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }

        var metrics = await EventuallyAsync(server, hook);
        Assert.Matches($$"""hookrelay_deliveries_total\{[^}]*hook="{{hook}}",outcome="abandoned",status_code="499"\} 1\n""", metrics);
        Assert.Contains(uuids[0], StoreQueries.AllUuids(server.DatabasePath));
    }

    private static async Task<string> EventuallyAsync(RunningHookRelay server, string hook)
    {
        var text = string.Empty;
        for (var i = 0; i < 50 && !text.Contains($"hook=\"{hook}\",outcome=\"abandoned\"", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
            text = await server.Client.GetStringAsync("/metrics");
        }

        return text;
    }

    [Fact]
    public async Task Post_WhenDiskIsFull_Returns503ThenRecoversWhenSpaceIsFreed()
    {
        using var folder = new TempDirectory();
        Mount(folder.Path, "4m");
        try
        {
            await using var server = await RunningHookRelay.StartAsync(dataDir: folder.Path);
            var filler = Path.Combine(folder.Path, "filler");
            FillDisk(filler);
            var (body, uuids) = OktaPayloads.Fresh(400);

            using var full = await server.PostAsync(body);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.DoesNotContain(uuids[0], StoreQueries.AllUuids(server.DatabasePath));

            File.Delete(filler);
            using var retried = await server.PostAsync(body);

            Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
            Assert.Superset(uuids.ToHashSet(), StoreQueries.AllUuids(server.DatabasePath));
        }
        finally
        {
            Run("umount", "-l", folder.Path);
        }
    }

    private static SqliteConnection LockDatabase(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>A small tmpfs makes "disk full" real. test.sh runs the suite as root, which mount needs.</summary>
    private static void Mount(string path, string size)
    {
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
        Assert.True(code == 0, $"mounting a tmpfs for the disk-full test failed (run the suite as root, as ./test.sh does): {output}");
    }

    private static void FillDisk(string path)
    {
        var chunk = new byte[64 * 1024];
        using var stream = File.Create(path);
        try
        {
            while (true)
            {
                stream.Write(chunk);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full now.
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

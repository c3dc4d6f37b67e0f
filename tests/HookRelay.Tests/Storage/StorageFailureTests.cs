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

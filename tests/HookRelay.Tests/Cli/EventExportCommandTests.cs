using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Cli;

/// <summary><c>hookrelay events export</c>, run as the real executable against a running server's SQLite store.</summary>
public sealed class EventExportCommandTests(StoredEventsFixture fixture) : IClassFixture<StoredEventsFixture>
{
    [Fact]
    public async Task ExportJsonl_OfAWindow_WritesEachEventAsSentOnePerLineInPublishedOrder()
    {
        var (exitCode, stdout, stderr) = await RunAsync("events", "export", "--since", "2026-01-01T00:00:00Z", "--until", "2026-05-01", "--data-dir", fixture.DataDir);

        Assert.True(exitCode == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.Equal(string.Empty, lines[^1]);
        var uuids = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uuid").GetString()).ToList();
        var expected = fixture.Posted
            .Where(p => p.PublishedAt >= At("2026-01-01T00:00:00Z") && p.PublishedAt < At("2026-05-01T00:00:00Z"))
            .OrderBy(p => p.PublishedAt)
            .Select(p => p.Uuid);
        Assert.Equal(expected, uuids);
        // Byte for byte, odd spacing, escapes and characters beyond the basic plane included.
        Assert.Equal(StoredEventsFixture.UnicodeEventJson, lines[^2]);
        Assert.Equal($"exported {uuids.Count} events", stderr.Trim());
    }

    [Fact]
    public async Task ExportCsv_OfTheOktaSample_WritesHeaderAndAuditColumns()
    {
        var (exitCode, stdout, stderr) = await RunForBytesAsync("events", "export", "--since", "2026-08-20T00:00:00Z", "--until", "2026-08-21T00:00:00Z", "--format", "csv", "--data-dir", fixture.DataDir);

        Assert.True(exitCode == 0, stderr);
        var rows = Encoding.UTF8.GetString(stdout).Split("\r\n");
        Assert.Equal(4, rows.Length);
        Assert.Equal("uuid,published,eventType,hook,provenance,actorAlternateId,actorDisplayName,outcomeResult,clientIpAddress,targetAlternateIds,receivedAt", rows[0]);
        Assert.StartsWith("3c9e1f70-7e8b-11f1-9b2a-5d3c8e2f4a61,2026-08-20T14:03:15.208Z,user.session.start,okta,push,marie.dupont@acme-demo.example,Marie Dupont,SUCCESS,198.51.100.23,unknown;Okta Dashboard,", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("3d4f8a12-7e8b-11f1-8c0d-21e9f7b6a3d4,2026-08-20T14:03:16.047Z,group.user_membership.add,okta,push,Provisioning Service,Provisioning Service,SUCCESS,203.0.113.45,sam.lee@acme-demo.example;unknown,", rows[2], StringComparison.Ordinal);
        var receivedAt = DateTimeOffset.Parse(rows[1].Split(',')[^1], CultureInfo.InvariantCulture);
        Assert.InRange(receivedAt, fixture.StartedAt.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(string.Empty, rows[3]);
        Assert.Equal("exported 2 events", stderr.Trim());
    }

    [Fact]
    public async Task Export_WithTypeGlobAndAgeSince_ExportsOnlyThoseEvents()
    {
        var (exitCode, stdout, stderr) = await RunAsync("events", "export", "--since", "2d", "--type", "test.age.*", "--data-dir", fixture.DataDir);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("test.age.recent", JsonDocument.Parse(stdout).RootElement.GetProperty("eventType").GetString());
        Assert.Equal("exported 1 events", stderr.Trim());
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--since", "yesterday")]
    [InlineData("--until", "2026-13-45")]
    public async Task Export_WithBadFlag_ExitsTwoNamingIt(string option, string value)
    {
        string[] args = option == "--since" ? ["events", "export", option, value] : ["events", "export", "--since", "7d", option, value];

        var (exitCode, stdout, stderr) = await RunAsync([.. args, "--data-dir", fixture.DataDir]);

        Assert.Equal(2, exitCode);
        Assert.Contains(value, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task Export_WithoutSinceOrWithUntilBeforeSince_ExitsTwo()
    {
        var missing = await RunAsync("events", "export", "--data-dir", fixture.DataDir);
        var reversed = await RunAsync("events", "export", "--since", "2026-08-21", "--until", "2026-08-20", "--data-dir", fixture.DataDir);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--since", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, reversed.ExitCode);
        Assert.Contains("--until", reversed.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, missing.Stdout + reversed.Stdout);
    }

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture);

    /// <summary>The executable with its stdout as bytes, as <c>&gt; file</c> would keep them (line ends included).</summary>
    private static async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunForBytesAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(HookRelayProcess.ExecutablePath);
        args.ToList().ForEach(info.ArgumentList.Add);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("HOOKRELAY_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stdout = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, stdout.ToArray(), await stderr);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        HookRelayProcess.RunAsync(args, timeout: TimeSpan.FromSeconds(30));
}

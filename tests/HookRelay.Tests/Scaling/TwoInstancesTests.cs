using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Scaling;

/// <summary>
/// The README's scale-out: the same command as on one machine plus the PostgreSQL settings, run
/// twice. The instances share the store and the hook's generated secret.
/// </summary>
public sealed partial class TwoInstancesTests
{
    [Fact]
    public async Task TwoServesOnOneDatabase_WithoutConfiguredHooks_ShareTheGeneratedSecretAndTheStore()
    {
        var connectionString = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["HOOKRELAY_Storage__Provider"] = "postgres",
            ["HOOKRELAY_Storage__ConnectionString"] = connectionString,
        };
        var ports = new[] { HookRelayProcess.FreePort(), HookRelayProcess.FreePort() };
        var addresses = ports.Select(p => new Uri($"http://127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}")).ToArray();
        using var folders = new TempDirectory();

        // Each with its own data folder, as on two machines: nothing is shared but the database.
        await using var first = HookRelayProcess.Start(["serve", "--urls", addresses[0].ToString(), "--data-dir", Path.Combine(folders.Path, "a")], environment);
        await first.WaitUntilLiveAsync(addresses[0]);
        var secret = await Eventually.ValueAsync(() => Task.FromResult(SecretLine().Match(first.StandardOutput) is { Success: true } m ? m.Groups[1].Value : null), "the generated secret shown once", TimeSpan.FromSeconds(10));
        Assert.Contains("generated_secrets", first.StandardOutput, StringComparison.Ordinal);
        await using var second = HookRelayProcess.Start(["serve", "--urls", addresses[1].ToString(), "--data-dir", Path.Combine(folders.Path, "b")], environment);
        await second.WaitUntilLiveAsync(addresses[1]);

        using var client = new HttpClient();
        var (_, uuids) = OktaPayloads.Fresh(2);
        using var toFirst = await client.SendAsync(Delivery(addresses[0], OktaPayloads.Envelope([OktaPayloads.Event(uuids[0])]), secret));
        using var toSecond = await client.SendAsync(Delivery(addresses[1], OktaPayloads.Envelope([OktaPayloads.Event(uuids[1])]), secret));

        Assert.Equal(HttpStatusCode.NoContent, toFirst.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, toSecond.StatusCode);
        Assert.DoesNotContain(secret, second.StandardOutput, StringComparison.Ordinal);
        Assert.Superset(uuids.ToHashSet(), await PostgresOutageTests.StoredUuidsAsync(connectionString));

        // The CLI reads the same store from either machine.
        var (exit, stdout, stderr) = await HookRelayProcess.RunAsync(["events", "list", "--json"], environment);
        Assert.True(exit == 0, stderr);
        Assert.All(uuids, uuid => Assert.Contains(uuid, stdout, StringComparison.Ordinal));
    }

    private static HttpRequestMessage Delivery(Uri address, string json, string secret)
    {
        var request = RunningHookRelay.Delivery(json, secret);
        request.RequestUri = new Uri(address, "/hooks/okta");
        return request;
    }

    [GeneratedRegex(@"Authentication secret\s+(\S+)")]
    private static partial Regex SecretLine();
}

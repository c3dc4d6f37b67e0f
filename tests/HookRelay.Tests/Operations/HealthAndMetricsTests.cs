using System.Net;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Operations;

public sealed class HealthAndMetricsTests : IAsyncLifetime
{
    private RunningHookRelay _server = null!;

    // Tests run in parallel in one process and OpenTelemetry listens to every meter named
    // "HookRelay", so counts are asserted for a hook name that only this test uses.
    private readonly string _hook = "metrics-" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync() =>
        _server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { [$"Hooks:{_hook}:Secrets:0"] = TestSecrets.Primary });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_OnHealthyServer_Returns200Json(string path)
    {
        using var response = await _server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ReportsTheStoreCheck()
    {
        using var body = JsonDocument.Parse(await _server.Client.GetStringAsync("/health/ready"));

        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_AfterTraffic_ExposeHookRelayFamiliesWithoutSecrets()
    {
        (await _server.PostAsync(OktaPayloads.Fresh(2).Body, hook: _hook)).Dispose();
        (await _server.PostAsync(OktaPayloads.Fresh(1).Body, "wrong-secret-wrong-secret-wrong-secret", _hook)).Dispose();
        (await _server.PostAsync("{", TestSecrets.Primary, _hook)).Dispose();

        using var response = await _server.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches($$"""hookrelay_deliveries_total\{[^}]*hook="{{_hook}}",outcome="stored",status_code="204"\} 1\n""", text);
        Assert.Matches($$"""hookrelay_deliveries_total\{[^}]*hook="{{_hook}}",outcome="rejected",status_code="401"\} 1\n""", text);
        Assert.Matches($$"""hookrelay_deliveries_total\{[^}]*hook="{{_hook}}",outcome="malformed",status_code="400"\} 1\n""", text);
        Assert.Matches($$"""hookrelay_events_stored_total\{[^}]*hook="{{_hook}}"\} 2\n""", text);
        Assert.Matches($$"""hookrelay_auth_failures_total\{[^}]*hook="{{_hook}}",reason="mismatch"\} 1\n""", text);
        Assert.Contains("hookrelay_ack_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Matches("""hookrelay_commit_batch_size_count\{[^}]*\} [1-9]""", text);
        Assert.DoesNotContain(TestSecrets.Primary, text, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", text, StringComparison.Ordinal);
    }
}

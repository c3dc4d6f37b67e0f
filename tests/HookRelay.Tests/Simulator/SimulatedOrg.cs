using System.Text.Json;
using HookRelay.Simulator;
using HookRelay.Simulator.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HookRelay.Tests.Simulator;

/// <summary>The simulated Okta org on a real socket, with delivery timings short enough for tests.</summary>
internal sealed class SimulatedOrg : IAsyncDisposable
{
    public const string Token = "00sim-test-token-0123456789abcdefghij";
    public const string HookId = "whoTestHook000000001";

    private SimulatedOrg(WebApplication app) => App = app;

    public WebApplication App { get; }

    public SimulatedSystemLog Log => App.Services.GetRequiredService<SimulatedSystemLog>();

    public SimulatedDeliveryTargets Targets => App.Services.GetRequiredService<SimulatedDeliveryTargets>();

    public SimulatedDeliveryStats Stats => App.Services.GetRequiredService<SimulatedDeliveryStats>();

    public string Url => App.Urls.First();

    /// <summary>Starts the org; <paramref name="targets"/> are its hooks from the very start, as with <c>hookrelay simulate --deliver-to</c>.</summary>
    public static async Task<SimulatedOrg> StartAsync(Action<SimulatorOptions>? configure = null, params DeliveryTarget[] targets)
    {
        var app = SimulatorApp.Build("http://127.0.0.1:0", o =>
        {
            o.ApiToken = Token;
            o.Delivery.BatchWindow = TimeSpan.FromMilliseconds(50);
            o.Delivery.RetryDelay = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(o);
        });
        foreach (var target in targets)
        {
            app.Services.GetRequiredService<SimulatedDeliveryTargets>().Add(target);
        }

        await app.StartAsync();
        return new SimulatedOrg(app);
    }

    public static DeliveryTarget Target(Uri url, string secret = "hook-secret", string header = "Authorization", string id = HookId, params string[] eventTypes) =>
        new(id, "Test receiver", url, header, secret, eventTypes.ToHashSet(StringComparer.Ordinal));

    /// <summary>The org's <c>event_hook.delivery</c> failures, read the way a client reads them: GET /api/v1/logs.</summary>
    public async Task<IReadOnlyList<JsonElement>> DeliveryFailuresAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"SSWS {Token}");
        var body = await client.GetStringAsync("/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z&filter=" + Uri.EscapeDataString("eventType eq \"event_hook.delivery\""));
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray()];
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

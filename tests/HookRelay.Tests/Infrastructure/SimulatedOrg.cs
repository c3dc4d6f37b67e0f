using System.Text.Json;
using HookRelay.Okta;
using HookRelay.Okta.EventHooks;
using HookRelay.Simulator;
using HookRelay.Simulator.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookRelay.Tests.Infrastructure;

/// <summary>
/// The Okta simulator on a real loopback socket: its System Log, event hooks and deliveries, with
/// delivery timings short enough for tests, and an API client for it.
/// </summary>
internal sealed class SimulatedOrg : IAsyncDisposable
{
    public const string Token = "00simulated-api-token-0123456789abcdef";
    public const string HookId = "whoTestHook000000001";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private SimulatedOrg(WebApplication app) => App = app;

    public WebApplication App { get; }

    public Uri Domain => new(App.Urls.First());

    public string Url => App.Urls.First();

    public SimulatedSystemLog Log => App.Services.GetRequiredService<SimulatedSystemLog>();

    public SimulatedEventHooks Hooks => App.Services.GetRequiredService<SimulatedEventHooks>();

    public SimulatedDeliveryTargets Targets => App.Services.GetRequiredService<SimulatedDeliveryTargets>();

    public SimulatedDeliveryStats Stats => App.Services.GetRequiredService<SimulatedDeliveryStats>();

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

    /// <summary>A raw client with the org's API token, for asserting on Okta's exact JSON.</summary>
    public HttpClient Raw(string token = Token)
    {
        var client = new HttpClient { BaseAddress = Domain, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"SSWS {token}");
        return client;
    }

    public EventHooksApi Api(string token = Token) =>
        new(new OktaApiClient(_http, new ApiTokenCredential(token), TimeProvider.System, NullLogger<OktaApiClient>.Instance), Domain);

    /// <summary>Environment variables that configure this org as <c>Okta:Orgs:{name}</c> for the real executable.</summary>
    public Dictionary<string, string> Environment(string name = "acme") => new()
    {
        [$"HOOKRELAY_Okta__Orgs__{name}__Domain"] = Domain.ToString(),
        [$"HOOKRELAY_Okta__Orgs__{name}__ApiToken"] = Token,
        [$"HOOKRELAY_Okta__Orgs__{name}__Reconcile__Enabled"] = "false",
    };

    /// <summary>The org's <c>event_hook.delivery</c> failures, read the way a client reads them: GET /api/v1/logs.</summary>
    public async Task<IReadOnlyList<JsonElement>> DeliveryFailuresAsync()
    {
        using var client = Raw();
        var body = await client.GetStringAsync("/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z&filter=" + Uri.EscapeDataString("eventType eq \"event_hook.delivery\""));
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray()];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await App.DisposeAsync();
    }
}

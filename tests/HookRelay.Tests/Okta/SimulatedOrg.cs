using HookRelay.Okta;
using HookRelay.Okta.EventHooks;
using HookRelay.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookRelay.Tests.Okta;

/// <summary>The Okta simulator on a real loopback socket, with its event hooks and an API client for it.</summary>
public sealed class SimulatedOrg : IAsyncDisposable
{
    public const string Token = "00simulated-api-token-0123456789abcdef";
    private readonly WebApplication _app;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private SimulatedOrg(WebApplication app)
    {
        _app = app;
        Domain = new Uri(app.Urls.First());
    }

    public Uri Domain { get; }

    internal SimulatedSystemLog Log => _app.Services.GetRequiredService<SimulatedSystemLog>();

    internal SimulatedEventHooks Hooks => _app.Services.GetRequiredService<SimulatedEventHooks>();

    /// <summary>A raw client with the org's API token, for asserting on Okta's exact JSON.</summary>
    public HttpClient Raw(string token = Token)
    {
        var client = new HttpClient { BaseAddress = Domain, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"SSWS {token}");
        return client;
    }

    internal static async Task<SimulatedOrg> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var app = SimulatorApp.Build("http://127.0.0.1:0", o =>
        {
            o.ApiToken = Token;
            configure?.Invoke(o);
        });
        await app.StartAsync();
        return new SimulatedOrg(app);
    }

    internal EventHooksApi Api(string token = Token) =>
        new(new OktaApiClient(_http, new ApiTokenCredential(token), TimeProvider.System, NullLogger<OktaApiClient>.Instance), Domain);

    /// <summary>Environment variables that configure this org as <c>Okta:Orgs:{name}</c> for the real executable.</summary>
    public Dictionary<string, string> Environment(string name = "acme") => new()
    {
        [$"HOOKRELAY_Okta__Orgs__{name}__Domain"] = Domain.ToString(),
        [$"HOOKRELAY_Okta__Orgs__{name}__ApiToken"] = Token,
        [$"HOOKRELAY_Okta__Orgs__{name}__Reconcile__Enabled"] = "false",
    };

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }
}

using System.Net.Http.Headers;
using HookRelay.Hosting;
using Microsoft.AspNetCore.Builder;

namespace HookRelay.Tests.Infrastructure;

/// <summary>
/// The real application, built the way <c>hookrelay serve</c> builds it, listening on a real
/// Kestrel socket on a free loopback port, with its own data folder.
/// </summary>
public sealed class RunningHookRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory? _ownedDataDir;

    private RunningHookRelay(WebApplication app, string dataDir, TempDirectory? ownedDataDir)
    {
        _app = app;
        _ownedDataDir = ownedDataDir;
        DataDir = dataDir;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string DataDir { get; }

    public string DatabasePath => Path.Combine(DataDir, "hookrelay.db");

    internal IServiceProvider Services => _app.Services;

    /// <summary>Starts with one hook, <c>okta</c>, and <see cref="TestSecrets.Primary"/>, unless settings say otherwise.</summary>
    public static async Task<RunningHookRelay> StartAsync(
        IDictionary<string, string?>? settings = null,
        string? dataDir = null,
        bool defaultHook = true,
        string? configFile = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var owned = dataDir is null ? new TempDirectory() : null;
        var folder = dataDir ?? owned!.Path;
        var flags = new Dictionary<string, string?>
        {
            [ServeSettings.Urls] = "http://127.0.0.1:0",
            ["DataDir"] = folder,
        };
        if (defaultHook)
        {
            flags["Hooks:okta:Secrets:0"] = TestSecrets.Primary;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            flags[key] = value;
        }

        var app = HookRelayApp.Build(configFile, flags, configure);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            owned?.Dispose();
            throw;
        }

        return new RunningHookRelay(app, folder, owned);
    }

    public static HttpRequestMessage Delivery(string json, string? secret = TestSecrets.Primary, string hook = "okta", string header = "Authorization")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{hook}")
        {
            Content = new StringContent(json, new MediaTypeHeaderValue("application/json")),
        };
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation(header, secret);
        }

        return request;
    }

    public Task<HttpResponseMessage> PostAsync(string json, string? secret = TestSecrets.Primary, string hook = "okta") =>
        Client.SendAsync(Delivery(json, secret, hook));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedDataDir?.Dispose();
    }
}

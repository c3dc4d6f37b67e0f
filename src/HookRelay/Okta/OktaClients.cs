namespace HookRelay.Okta;

/// <summary>
/// One API client per configured org, shared by everything that talks to it (reconciliation,
/// monitoring), so they share one rate budget, one cached access token and one health record.
/// </summary>
internal sealed class OktaClients(
    Microsoft.Extensions.Options.IOptions<OktaOptions> options,
    IHttpClientFactory httpClients,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, OktaApiClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public OktaApiClient For(string org)
    {
        try
        {
            return _clients.GetOrAdd(org, name => Create(options.Value.Orgs[name], httpClients.CreateClient("okta"), timeProvider, loggerFactory));
        }
        catch (ObjectDisposedException ex)
        {
            // The host is already gone (a start that failed): a stop, not a fault.
            throw new OperationCanceledException("HookRelay is stopping.", ex);
        }
    }

    /// <summary>A client for an org's settings; also used by CLI commands that run without the server.</summary>
    public static OktaApiClient Create(OktaOrgOptions settings, HttpClient http, TimeProvider timeProvider, ILoggerFactory loggerFactory) =>
        new(http, Credential(settings, http, timeProvider), timeProvider, loggerFactory.CreateLogger<OktaApiClient>(), settings.RateLimitShare);

    /// <summary>The org's API token, or its service app (whose key was checked at start; the CLI binds settings without that check).</summary>
    private static IOktaCredential Credential(OktaOrgOptions settings, HttpClient http, TimeProvider timeProvider)
    {
        if (settings.OAuth is not { } app)
        {
            return new ApiTokenCredential(settings.ApiToken);
        }

        if (!ServiceAppKey.TryLoad(app.PrivateKeyPath, app.KeyId, out var key, out var problem))
        {
            throw new OktaApiException($"Okta:Orgs:{{org}}:OAuth:PrivateKeyPath: {problem}");
        }

        // The key lives as long as the client: one per org for the life of the process.
        return new OAuthServiceAppCredential(http, new Uri(settings.Domain), app, key.Signing, timeProvider);
    }
}

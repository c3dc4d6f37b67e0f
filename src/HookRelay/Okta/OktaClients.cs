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

    public OktaApiClient For(string org) =>
        _clients.GetOrAdd(org, name => Create(options.Value.Orgs[name], httpClients.CreateClient("okta"), timeProvider, loggerFactory));

    /// <summary>A client for an org's settings; also used by CLI commands that run without the server.</summary>
    public static OktaApiClient Create(OktaOrgOptions settings, HttpClient http, TimeProvider timeProvider, ILoggerFactory loggerFactory) =>
        new(http, Credential(settings), timeProvider, loggerFactory.CreateLogger<OktaApiClient>(), settings.RateLimitShare);

#pragma warning disable CA1859 // The OAuth service-app credential joins the API token here.
    private static IOktaCredential Credential(OktaOrgOptions settings) => new ApiTokenCredential(settings.ApiToken);
#pragma warning restore CA1859
}

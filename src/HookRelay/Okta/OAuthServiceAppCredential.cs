using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HookRelay.Okta;

/// <summary>
/// <c>Authorization: Bearer {token}</c> from an OAuth 2.0 service app: a client-credentials grant at
/// the org authorization server, authenticated by a client assertion (<c>private_key_jwt</c>) signed
/// with the app's private key. The access token is reused until shortly before it expires, and one
/// request at a time renews it. DPoP-bound tokens are not supported.
/// </summary>
#pragma warning disable CA1001 // The semaphore's wait handle is never created, so it holds nothing to release; the credential lives as long as its org's client.
internal sealed class OAuthServiceAppCredential : IOktaCredential
#pragma warning restore CA1001
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>Okta allows up to an hour; a short-lived assertion is worth less to anyone who copies it.</summary>
    public static readonly TimeSpan AssertionLifetime = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan MaxRenewMargin = TimeSpan.FromMinutes(1);
    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly HttpClient _http;
    private readonly OAuthServiceAppOptions _options;
    private readonly SigningCredentials _signing;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _tokenEndpoint;
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private volatile CachedToken? _cached;

    public OAuthServiceAppCredential(HttpClient http, Uri domain, OAuthServiceAppOptions options, SigningCredentials signing, TimeProvider timeProvider)
    {
        _http = http;
        _options = options;
        _signing = signing;
        _timeProvider = timeProvider;
        _tokenEndpoint = new Uri(domain, "/oauth2/v1/token");
    }

    public string UnauthorizedAdvice =>
        "Okta refused the service app's access token (revoked, or the app deactivated); a new one is requested on the next call. "
        + "If this repeats, check that the app named by Okta:Orgs:{org}:OAuth:ClientId is active.";

    public string ForbiddenAdvice =>
        "The service app lacks a scope or an admin role for this call: grant the scope (okta.logs.read for the System Log, okta.eventHooks.manage for hooks) on its "
        + "'Okta API Scopes' tab, request it in Okta:Orgs:{org}:OAuth:Scopes, and give the app an admin role that allows the call ('Admin roles' tab).";

    public async ValueTask<AuthenticationHeaderValue> AuthorizeAsync(CancellationToken cancellationToken)
    {
        if (Current() is { } header)
        {
            return header;
        }

        await _renewal.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the gate before us may have renewed it already.
            if (Current() is { } renewed)
            {
                return renewed;
            }

            var token = await RequestTokenAsync(cancellationToken);
            _cached = token;
            return token.Header;
        }
        finally
        {
            _renewal.Release();
        }
    }

    public bool Invalidate(AuthenticationHeaderValue refused)
    {
        // Only the refused token: another caller may have renewed it meanwhile.
        if (_cached is { } cached && ReferenceEquals(cached.Header, refused))
        {
            _cached = null;
        }

        return true;
    }

    private AuthenticationHeaderValue? Current() =>
        _cached is { } cached && _timeProvider.GetUtcNow() < cached.RenewAt ? cached.Header : null;

    private async Task<CachedToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var requestedAt = _timeProvider.GetUtcNow();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = string.Join(' ', _options.EffectiveScopes),
            ["client_assertion_type"] = AssertionType,
            ["client_assertion"] = Assertion(requestedAt),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenEndpoint) { Content = form };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            // Okta's trouble, not the app's: the API client retries this like any unreachable moment.
            throw new HttpRequestException($"Okta's token endpoint answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw TokenEndpointErrors.Explain((int)response.StatusCode, await ReadAsync(response, OAuthJsonContext.Default.OAuthErrorResponse, cancellationToken), _options.EffectiveScopes);
        }

        var answer = await ReadAsync(response, OAuthJsonContext.Default.OAuthTokenResponse, cancellationToken);
        if (answer is not { AccessToken: { Length: > 0 } accessToken, ExpiresIn: > 0 })
        {
            throw new OktaApiException((int)response.StatusCode, null, $"Okta's token endpoint {_tokenEndpoint} answered without an access token and its lifetime; is Okta:Orgs:{{org}}:Domain the org's address?");
        }

        // Renew a little before Okta's expiry (a tenth of the lifetime, at most a minute), so no request carries a token that expires on the way.
        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn);
        var margin = lifetime / 10 < MaxRenewMargin ? lifetime / 10 : MaxRenewMargin;
        return new CachedToken(new AuthenticationHeaderValue("Bearer", accessToken), requestedAt + lifetime - margin);
    }

    /// <summary>The client assertion: iss = sub = client id, aud = the token endpoint, a short exp, a unique jti.</summary>
    private string Assertion(DateTimeOffset now) =>
        Tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.ClientId,
            Audience = _tokenEndpoint.AbsoluteUri,
            IssuedAt = now.UtcDateTime,
            Expires = (now + AssertionLifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = _options.ClientId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = _signing,
        });

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken);
        }
        catch (JsonException)
        {
            // Not OAuth's JSON (a proxy's error page, say); the status code has to say it.
            return null;
        }
    }

    private sealed record CachedToken(AuthenticationHeaderValue Header, DateTimeOffset RenewAt);
}

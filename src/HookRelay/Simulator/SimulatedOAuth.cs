using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HookRelay.Simulator;

/// <summary>
/// The simulated org authorization server: checks a service app's client assertion as Okta does
/// (signature with the registered key, iss = sub = client id, aud = the token endpoint, exp within
/// an hour, jti used once) and the requested scopes, and issues opaque access tokens that
/// <see cref="SimulatedAuthorization"/> accepts until they expire. Counts token requests for tests.
/// </summary>
internal sealed class SimulatedOAuth(IOptions<SimulatorOptions> options, TimeProvider timeProvider)
{
    private static readonly JsonWebTokenHandler Tokens = new();
    private static readonly TimeSpan MaxAssertionLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Each simulator checks with its own key object; the default factory would share providers between them by key thumbprint.</summary>
    private static readonly CryptoProviderFactory Uncached = new() { CacheSignatureProviders = false };
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _usedJtis = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _assertions = new();
    private readonly Lazy<SecurityKey?> _publicKey = new(() => PublicKey(options.Value.ServiceApp));
    private int _tokenRequests;

    private SimulatedServiceAppOptions App => options.Value.ServiceApp;

    /// <summary>Token requests received, answered or refused.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Every client assertion received, in order, as sent.</summary>
    public IReadOnlyList<string> Assertions => [.. _assertions];

    /// <summary>Whether an access token was issued here and has not expired (or been revoked).</summary>
    public bool Accepts(string accessToken) =>
        !options.Value.ServiceApp.ApiRefusesTokens && _accessTokens.TryGetValue(accessToken, out var expires) && timeProvider.GetUtcNow() < expires;

    /// <summary>An admin revokes every access token the app holds.</summary>
    public void RevokeAll() => _accessTokens.Clear();

    /// <summary>A token request's answer: a token, or OAuth's error with Okta's status and wording.</summary>
    public async Task<IResult> TokenAsync(IFormCollection form, string? dpopProof, Uri tokenEndpoint)
    {
        if (Interlocked.Increment(ref _tokenRequests) <= App.UnavailableTokenRequests)
        {
            return Error(503, "temporarily_unavailable", "The authorization server is temporarily unavailable.");
        }

        var assertion = form["client_assertion"].ToString();
        if (assertion.Length > 0)
        {
            _assertions.Enqueue(assertion);
        }

        if (form["grant_type"] != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
        }

        if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || assertion.Length == 0)
        {
            return Error(401, "invalid_client", "Client authentication failed: a client_assertion of type jwt-bearer is required.");
        }

        if (App.RequireDPoP && string.IsNullOrEmpty(dpopProof))
        {
            return Error(400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.");
        }

        if (await CheckAssertionAsync(assertion, tokenEndpoint) is { } refused)
        {
            return refused;
        }

        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var notGranted = requested.Where(s => !App.GrantedScopes.Contains(s, StringComparer.Ordinal)).ToList();
        if (requested.Length == 0 || notGranted.Count > 0)
        {
            return Error(400, "invalid_scope", requested.Length == 0
                ? "The authorization server resource does not have any configured default scopes, 'scope' must be provided."
                : $"The following scopes were requested, but not granted to the app: {string.Join(' ', notGranted)}.");
        }

        Forget(timeProvider.GetUtcNow() - ClockSkew);
        var accessToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _accessTokens[accessToken] = timeProvider.GetUtcNow() + App.AccessTokenLifetime;
        var response = new SimulatedTokenResponse("Bearer", (long)App.AccessTokenLifetime.TotalSeconds, accessToken, string.Join(' ', requested));
        return TypedResults.Json(response, SimulatedOAuthJsonContext.Default.SimulatedTokenResponse);
    }

    private async Task<JsonHttpResult<SimulatedOAuthError>?> CheckAssertionAsync(string assertion, Uri tokenEndpoint)
    {
        if (!Tokens.CanReadToken(assertion))
        {
            return Error(401, "invalid_client", "The client_assertion is not a valid JWT.");
        }

        var jwt = Tokens.ReadJsonWebToken(assertion);
        if (App.ClientId.Length == 0 || jwt.Issuer != App.ClientId || jwt.Subject != App.ClientId)
        {
            return Error(401, "invalid_client", "Invalid value for 'client_id' parameter.");
        }

        if (App.KeyId is { } kid && jwt.TryGetHeaderValue<string>("kid", out var sent) && sent != kid)
        {
            return Error(401, "invalid_client", "The client_assertion names a key ('kid') the app does not have.");
        }

        var validation = await Tokens.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            IssuerSigningKey = _publicKey.Value,
            ValidAudience = tokenEndpoint.AbsoluteUri,
            ValidateIssuer = false, // checked above, with sub
            ValidateLifetime = false, // checked below, on the simulator's clock
            ValidAlgorithms = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"],
        });
        if (!validation.IsValid)
        {
            return Error(401, "invalid_client", validation.Exception is SecurityTokenInvalidAudienceException
                ? "The audience claim for client_assertion must be the endpoint invoked for the request."
                : "The client_assertion signature is invalid.");
        }

        var now = timeProvider.GetUtcNow();
        if (jwt.ValidTo == DateTime.MinValue || new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) <= now - ClockSkew)
        {
            return Error(401, "invalid_client", "The client_assertion token is expired.");
        }

        if (new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) > now + MaxAssertionLifetime + ClockSkew)
        {
            return Error(401, "invalid_client", "The client_assertion token has an expiration too far into the future.");
        }

        if (jwt.Id is { Length: > 0 } jti && !_usedJtis.TryAdd(jti, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)))
        {
            return Error(401, "invalid_client", "The client_assertion token has already been used ('jti' seen before).");
        }

        return null;
    }

    /// <summary>Expired tokens and the jtis of expired assertions (which the exp check refuses anyway) need no keeping.</summary>
    private void Forget(DateTimeOffset before)
    {
        foreach (var map in new[] { _accessTokens, _usedJtis })
        {
            foreach (var (key, expires) in map)
            {
                if (expires < before)
                {
                    map.TryRemove(key, out _);
                }
            }
        }
    }

    private static SecurityKey? PublicKey(SimulatedServiceAppOptions app)
    {
        if (string.IsNullOrWhiteSpace(app.PublicKeyPem))
        {
            return null;
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(app.PublicKeyPem);
            return new RsaSecurityKey(rsa) { KeyId = app.KeyId, CryptoProviderFactory = Uncached };
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        ec.ImportFromPem(app.PublicKeyPem);
        return new ECDsaSecurityKey(ec) { KeyId = app.KeyId, CryptoProviderFactory = Uncached };
    }

    public static JsonHttpResult<SimulatedOAuthError> Error(int status, string error, string description) =>
        TypedResults.Json(new SimulatedOAuthError(error, description), SimulatedOAuthJsonContext.Default.SimulatedOAuthError, statusCode: status);
}

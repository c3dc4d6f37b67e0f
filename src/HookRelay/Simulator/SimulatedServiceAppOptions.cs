namespace HookRelay.Simulator;

/// <summary>The simulated org's one OAuth 2.0 service app (API Services, <c>private_key_jwt</c>).</summary>
internal sealed class SimulatedServiceAppOptions
{
    /// <summary>The app's client id; empty: the org has no service app and refuses every token request.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The public key registered with the app, in PEM (RSA or EC, SubjectPublicKeyInfo).</summary>
    public string PublicKeyPem { get; set; } = string.Empty;

    /// <summary>The registered key's <c>kid</c>; when set, an assertion that names a key must name this one.</summary>
    public string? KeyId { get; set; }

    /// <summary>The Okta API scopes granted to the app.</summary>
    public IReadOnlyList<string> GrantedScopes { get; set; } = ["okta.logs.read", "okta.eventHooks.read", "okta.eventHooks.manage"];

    /// <summary>The <c>expires_in</c> of issued access tokens (Okta: fixed at one hour).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first this many token requests answer 503, as an authorization server having a moment would.</summary>
    public int UnavailableTokenRequests { get; set; }

    /// <summary>The API refuses every access token (the app's admin role was taken away), while the token endpoint still issues them.</summary>
    public bool ApiRefusesTokens { get; set; }

    /// <summary>The app's "Require DPoP" switch: token requests without a DPoP proof are refused.</summary>
    public bool RequireDPoP { get; set; }
}

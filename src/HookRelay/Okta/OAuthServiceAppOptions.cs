namespace HookRelay.Okta;

/// <summary>
/// <c>Okta:Orgs:{org}:OAuth</c>: an API Services app that authenticates with <c>private_key_jwt</c>
/// and receives Okta-scoped access tokens (what Okta recommends over SSWS API tokens).
/// </summary>
internal sealed class OAuthServiceAppOptions
{
    /// <summary>What a service app for HookRelay needs: read the System Log, read and manage Event Hooks.</summary>
    public static readonly IReadOnlyList<string> DefaultScopes = ["okta.logs.read", "okta.eventHooks.read", "okta.eventHooks.manage"];

    /// <summary>The app's Client ID (<c>0oa…</c>): the client assertion's <c>iss</c> and <c>sub</c>.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>
    /// The PEM private key (RSA or EC) whose public half is registered with the app. A relative path
    /// resolves against the working directory, as <c>DataDir</c> and <c>--cert</c> do.
    /// </summary>
    public string PrivateKeyPath { get; set; } = string.Empty;

    /// <summary>The key's <c>kid</c> in the app's key list; sent in the assertion's header when set.</summary>
    public string? KeyId { get; set; }

    /// <summary>Scopes to request; empty means <see cref="DefaultScopes"/> (a bound list would be appended to, not replaced).</summary>
    public List<string> Scopes { get; set; } = [];

    public IReadOnlyList<string> EffectiveScopes => Scopes.Count > 0 ? Scopes : DefaultScopes;
}

namespace HookRelay.Okta;

/// <summary>One Okta org: <c>Okta:Orgs:{name}</c>.</summary>
internal sealed class OktaOrgOptions
{
    /// <summary><c>https://acme.okta.com</c>; <c>http://</c> only on loopback (the simulator).</summary>
    public string Domain { get; set; } = string.Empty;

    /// <summary>An SSWS API token (from a dedicated service account: it expires after 30 days unused). Either this or <see cref="OAuth"/>.</summary>
    public string ApiToken { get; set; } = string.Empty;

    /// <summary>An OAuth 2.0 service app (<c>private_key_jwt</c>). Either this or <see cref="ApiToken"/>.</summary>
    public OAuthServiceAppOptions? OAuth { get; set; }

    /// <summary>The HookRelay hooks that receive this org's deliveries; pulled events are kept under the first.</summary>
    public List<string> Hooks { get; set; } = [];

    /// <summary>The share of each endpoint's rate limit HookRelay may use; the rest is left to the org's other integrations.</summary>
    public double RateLimitShare { get; set; } = 0.5;

    /// <summary>How often the org's event hooks are checked (ACTIVE and VERIFIED); 00:00:00 turns the check off.</summary>
    public TimeSpan HookCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public ReconcileOptions Reconcile { get; set; } = new();
}

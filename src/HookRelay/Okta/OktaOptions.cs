namespace HookRelay.Okta;

/// <summary><c>Okta:Orgs</c>: the orgs HookRelay reads the System Log of.</summary>
internal sealed class OktaOptions
{
    public const string SectionName = "Okta";

    /// <summary>How often each org's health (missed events, daily volume, credentials, hooks) is assessed.</summary>
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromSeconds(30);

    public Dictionary<string, OktaOrgOptions> Orgs { get; } = new(StringComparer.OrdinalIgnoreCase);
}

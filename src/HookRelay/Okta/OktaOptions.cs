namespace HookRelay.Okta;

/// <summary><c>Okta:Orgs</c>: the orgs HookRelay reads the System Log of.</summary>
internal sealed class OktaOptions
{
    public const string SectionName = "Okta";

    public Dictionary<string, OktaOrgOptions> Orgs { get; } = new(StringComparer.OrdinalIgnoreCase);
}

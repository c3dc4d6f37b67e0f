namespace HookRelay.Simulator;

/// <summary>One event hook in the simulated org, as its store keeps it (replaced whole on every change).</summary>
internal sealed record SimulatedEventHook(
    string Id,
    SimulatedHookDefinition Definition,
    string Status,
    string VerificationStatus,
    DateTimeOffset Created,
    DateTimeOffset LastUpdated)
{
    public const string Active = "ACTIVE";
    public const string Inactive = "INACTIVE";
    public const string Verified = "VERIFIED";
    public const string Unverified = "UNVERIFIED";

    /// <summary>The admin the simulated API token belongs to.</summary>
    public const string CreatedBy = "00usimulatedadmin01";

    /// <summary>Okta sends events only to hooks that are both active and verified.</summary>
    public bool ReceivesEvents => Status == Active && VerificationStatus == Verified;
}

namespace HookRelay.Okta.EventHooks;

/// <summary>An Okta event hook (Management API <c>EventHook</c>); the read-only fields are null in requests.</summary>
internal sealed record EventHook(
    string Name,
    EventHookEvents Events,
    EventHookChannel Channel,
    string? Description = null,
    string? Id = null,
    string? Status = null,
    string? VerificationStatus = null,
    DateTimeOffset? Created = null,
    string? CreatedBy = null,
    DateTimeOffset? LastUpdated = null)
{
    public const string Active = "ACTIVE";
    public const string Inactive = "INACTIVE";
    public const string Verified = "VERIFIED";

    /// <summary>The body of a create or replace: only what a client may set.</summary>
    public EventHook ForWrite() => new(Name, Events, Channel with { Config = Channel.Config with { Method = null } }, Description);
}

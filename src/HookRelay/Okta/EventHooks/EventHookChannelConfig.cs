namespace HookRelay.Okta.EventHooks;

/// <param name="Method">Read-only; Okta always answers <c>POST</c>.</param>
internal sealed record EventHookChannelConfig(
    Uri Uri,
    EventHookAuthScheme? AuthScheme = null,
    IReadOnlyList<EventHookHeader>? Headers = null,
    string? Method = null);

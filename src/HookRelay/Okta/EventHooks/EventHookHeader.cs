namespace HookRelay.Okta.EventHooks;

/// <summary>A custom header Okta sends on every call to the hook.</summary>
internal sealed record EventHookHeader(string Key, string Value);

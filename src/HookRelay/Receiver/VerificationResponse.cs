namespace HookRelay.Receiver;

/// <summary>The answer to Okta's one-time verification GET.</summary>
internal sealed record VerificationResponse(string Verification);

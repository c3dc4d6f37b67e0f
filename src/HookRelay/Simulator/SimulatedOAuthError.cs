namespace HookRelay.Simulator;

/// <summary>The token endpoint's error shape (OAuth's, not Okta's errorCode object).</summary>
internal sealed record SimulatedOAuthError(string Error, string ErrorDescription);

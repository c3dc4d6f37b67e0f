namespace HookRelay.Okta;

/// <summary>An OAuth 2.0 error (RFC 6749 §5.2): <c>{"error": …, "error_description": …}</c>.</summary>
internal sealed record OAuthErrorResponse(string? Error, string? ErrorDescription);

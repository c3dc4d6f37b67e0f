namespace HookRelay.Okta;

/// <summary>The org authorization server's answer to a client-credentials token request.</summary>
internal sealed record OAuthTokenResponse(string? AccessToken, string? TokenType, long ExpiresIn, string? Scope);

namespace HookRelay.Okta;

/// <summary>What the last response's X-Rate-Limit-* headers said.</summary>
internal sealed record RateLimitState(int Limit, int Remaining, DateTimeOffset Reset);

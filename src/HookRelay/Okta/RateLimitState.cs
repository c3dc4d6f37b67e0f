namespace HookRelay.Okta;

/// <summary>What the last response's X-Rate-Limit-* headers said.</summary>
/// <param name="Reset">When the window resets, by Okta's clock.</param>
/// <param name="LocalReset">The same moment by this machine's clock (Okta's <c>Date</c> header gives the offset), so a skewed clock neither waits for nothing nor never waits.</param>
internal sealed record RateLimitState(int Limit, int Remaining, DateTimeOffset Reset, DateTimeOffset LocalReset);

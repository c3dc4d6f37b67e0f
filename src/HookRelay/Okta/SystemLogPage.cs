namespace HookRelay.Okta;

/// <summary>One page of <c>GET /api/v1/logs</c>: each event's JSON as Okta sent it, and the opaque next link.</summary>
internal sealed record SystemLogPage(IReadOnlyList<string> Events, Uri? Next, RateLimitState? RateLimit);

namespace HookRelay.Hooks;

/// <summary>
/// An old secret still accepted during a rotation. It is retired at <see cref="RetireAt"/>, or
/// <see cref="Grace"/> after the first request that carried the new secret, whichever is first.
/// Secrets are named by their SHA-256 (hex): the old one may live in configuration, not here.
/// </summary>
internal sealed record RetiringSecret(string Sha256, string NewSecretSha256, DateTimeOffset RetireAt, TimeSpan Grace, DateTimeOffset? NewSecretUsedAt = null);

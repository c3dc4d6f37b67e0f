namespace HookRelay.Pipeline;

/// <summary>What a sink worker knows of its sink right now (in memory; the queue itself is in the store).</summary>
internal sealed record SinkHealth(string Sink, int ConsecutiveFailures, DateTimeOffset? PausedUntil, string? LastError);

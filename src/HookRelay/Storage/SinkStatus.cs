namespace HookRelay.Storage;

/// <summary>A sink's work as the store sees it. <paramref name="Failing"/> counts pending items that have failed before.</summary>
/// <param name="PausedUntil">Set while the circuit breaker holds the sink back.</param>
internal sealed record SinkStatus(string Sink, long Pending, long InFlight, long Delivered, long Failing, long Dead, string? LastError, DateTimeOffset? PausedUntil = null);

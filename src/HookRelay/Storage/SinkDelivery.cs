namespace HookRelay.Storage;

/// <summary>Where one event's delivery to one sink stands.</summary>
/// <param name="NextAttemptAt">When a pending item is tried next.</param>
/// <param name="DoneAt">When it was delivered or given up on.</param>
internal sealed record SinkDelivery(string Sink, DispatchState State, int Attempts, string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset? DoneAt);

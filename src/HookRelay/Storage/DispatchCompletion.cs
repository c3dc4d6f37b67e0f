namespace HookRelay.Storage;

/// <summary>The outcome of an attempt: delivered, dead, or pending again from <paramref name="NextAttemptAt"/>.</summary>
internal sealed record DispatchCompletion(long Id, DispatchState State, DateTimeOffset? NextAttemptAt, string? Error);

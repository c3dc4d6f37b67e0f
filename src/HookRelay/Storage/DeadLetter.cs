namespace HookRelay.Storage;

internal sealed record DeadLetter(string Sink, string Uuid, string? EventType, string? Published, int Attempts, string? LastError, DateTimeOffset? DiedAt);

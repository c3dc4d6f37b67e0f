namespace HookRelay.Storage;

internal sealed record CursorStatus(string Org, DateTimeOffset UpdatedAt);

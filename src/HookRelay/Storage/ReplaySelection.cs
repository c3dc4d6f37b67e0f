namespace HookRelay.Storage;

/// <summary>The events <c>hookrelay replay</c> queues again for one sink.</summary>
internal sealed record ReplaySelection(string Sink, DateTimeOffset? Since, DateTimeOffset? Until, string? TypeGlob, string? Uuid, bool DeadLettersOnly);

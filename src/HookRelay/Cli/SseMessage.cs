namespace HookRelay.Cli;

/// <summary>One Server-Sent Events message: its <c>event:</c> name (default <c>message</c>) and its <c>data:</c> lines joined.</summary>
internal sealed record SseMessage(string EventType, string Data);

namespace HookRelay.Storage;

/// <summary>An event's place in newest-first order: its sort time (Unix milliseconds) and its seq, which breaks ties.</summary>
internal sealed record EventPosition(long Time, long Seq);

namespace HookRelay.Storage;

internal enum AppendOutcome
{
    /// <summary>The delivery was new; at least its envelope was stored.</summary>
    Stored,

    /// <summary>The envelope <c>eventId</c> was seen before; nothing was stored.</summary>
    Duplicate,
}

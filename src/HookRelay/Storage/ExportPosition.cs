namespace HookRelay.Storage;

/// <summary>Where an export stands: the last event written, by time (Unix milliseconds) then seq; the next page starts after it.</summary>
internal readonly record struct ExportPosition(long Time, long Seq)
{
    public static ExportPosition Start { get; } = new(long.MinValue, long.MinValue);
}

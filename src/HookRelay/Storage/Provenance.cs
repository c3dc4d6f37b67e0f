namespace HookRelay.Storage;

/// <summary>How HookRelay learned of an event; stored as flags.</summary>
[Flags]
internal enum Provenance
{
    Push = 1,
    Pull = 2,
}

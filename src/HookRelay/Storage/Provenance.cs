namespace HookRelay.Storage;

/// <summary>How HookRelay learned of an event; stored as flags.</summary>
[Flags]
internal enum Provenance
{
    Push = 1,
    Pull = 2,
}

/// <summary>The words the admin API and the CLI use for a <see cref="Provenance"/>: push, pull or both.</summary>
internal static class ProvenanceNames
{
    public const string Help = "push (pushed only), pull (read from the System Log only) or both (pushed and read back)";

    public static string Name(Provenance provenance) => provenance switch
    {
        Provenance.Push => "push",
        Provenance.Pull => "pull",
        _ => "both",
    };

    public static Provenance? Parse(string text) => text.ToUpperInvariant() switch
    {
        "PUSH" => Provenance.Push,
        "PULL" => Provenance.Pull,
        "BOTH" => Provenance.Push | Provenance.Pull,
        _ => null,
    };
}

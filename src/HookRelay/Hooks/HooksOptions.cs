namespace HookRelay.Hooks;

/// <summary>All configured hooks, keyed by the name in <c>/hooks/{name}</c>.</summary>
internal sealed class HooksOptions
{
    public const string SectionName = "Hooks";
    public const string DefaultHookName = "okta";

    public Dictionary<string, HookOptions> Hooks { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// No <c>Hooks</c> settings at all: HookRelay runs the hook <c>okta</c> with a secret it
    /// generates and keeps in the data folder.
    /// </summary>
    public bool IsZeroConfig { get; set; }

    /// <summary>Values that did not convert, for the validator to report.</summary>
    public List<string> BindingErrors { get; } = [];
}

namespace HookRelay.Okta;

internal sealed class ReconcileOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The event types to read back; empty reads every type.</summary>
    public List<string> EventTypes { get; set; } = [];

    /// <summary>How far back the very first read starts (later reads resume from the stored cursor).</summary>
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromHours(1);
}

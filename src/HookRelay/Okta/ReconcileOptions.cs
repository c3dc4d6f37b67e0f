namespace HookRelay.Okta;

internal sealed class ReconcileOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The event types to read back; empty reads every type.</summary>
    public List<string> EventTypes { get; set; } = [];

    /// <summary>How often Okta's <c>event_hook.delivery</c> failures are read; each one starts a reconciliation pass at once. 00:00:00 turns it off.</summary>
    public TimeSpan FailureCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after its publication a pulled event may still arrive by push before it counts as missed.</summary>
    public TimeSpan GraceWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back the very first read starts (later reads resume from the stored cursor).</summary>
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromHours(1);
}

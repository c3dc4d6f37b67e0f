namespace HookRelay.Hooks;

/// <summary>One endpoint Okta delivers to: <c>Hooks:{name}</c>.</summary>
internal sealed class HookOptions
{
    public const string DefaultHeaderName = "Authorization";
    public const long DefaultMaxBodyBytes = 10 * 1024 * 1024;
    public const int DefaultMaxEventsPerDelivery = 50_000;

    /// <summary>Every value accepted in the header; list two while rotating.</summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>The header Okta sends the secret in (the "Authentication field" in Okta's form).</summary>
    public string HeaderName { get; set; } = DefaultHeaderName;

    /// <summary>Okta documents no batch limit, so the default leaves room for large batches.</summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>
    /// Bounds the memory and commit time one delivery can cost (a body of <c>{},{},…</c> is
    /// millions of events). Far above any batch Okta is known to send.
    /// </summary>
    public int MaxEventsPerDelivery { get; set; } = DefaultMaxEventsPerDelivery;
}

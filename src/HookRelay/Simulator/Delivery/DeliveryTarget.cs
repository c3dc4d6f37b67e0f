namespace HookRelay.Simulator.Delivery;

/// <summary>
/// Where the simulated org delivers, as an active and verified event hook: its id
/// (<c>who…</c>), name, URL, the header and secret Okta sends (authScheme), custom headers, and
/// the event types it subscribes to (empty: every eligible type).
/// </summary>
internal sealed record DeliveryTarget(
    string Id,
    string Name,
    Uri Uri,
    string HeaderName,
    string Secret,
    IReadOnlySet<string> EventTypes,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public bool Subscribes(string eventType) => EventTypes.Count == 0 || EventTypes.Contains(eventType);
}

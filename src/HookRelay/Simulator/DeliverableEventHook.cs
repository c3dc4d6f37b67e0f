namespace HookRelay.Simulator;

/// <summary>
/// An ACTIVE + VERIFIED hook as the simulated delivery side needs it: where to POST, the auth
/// header (name and secret) and custom headers to send, and the event types it subscribed to.
/// </summary>
internal sealed record DeliverableEventHook(
    string Id,
    string Name,
    Uri Uri,
    string? AuthHeaderName,
    string? AuthHeaderValue,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<string> EventTypes)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Id = {Id}, Name = {Name}, Uri = {Uri}");
        return true;
    }
}

namespace HookRelay.Simulator;

/// <summary>What a client sets on an event hook (create and replace): everything but the read-only fields.</summary>
/// <param name="FilterJson">The <c>events.filter</c> object as sent, or null.</param>
/// <param name="AuthKey">The header <c>authScheme</c> names, or null when the hook has none.</param>
/// <param name="AuthValue">Write-only: sent on every call to the hook, never returned by the API.</param>
internal sealed record SimulatedHookDefinition(
    string Name,
    string? Description,
    IReadOnlyList<string> EventTypes,
    string? FilterJson,
    Uri Uri,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? AuthKey,
    string? AuthValue)
{
    /// <summary>Okta asks for verification again when any of this changes.</summary>
    public bool SameChannel(SimulatedHookDefinition other) =>
        Uri == other.Uri
        && string.Equals(AuthKey, other.AuthKey, StringComparison.OrdinalIgnoreCase)
        && string.Equals(AuthValue, other.AuthValue, StringComparison.Ordinal)
        && Headers.SequenceEqual(other.Headers);

    // The secret stays out of any diagnostic text.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Name = {Name}, Uri = {Uri}, EventTypes = {EventTypes.Count}");
        return true;
    }
}

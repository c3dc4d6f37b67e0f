namespace HookRelay.Storage;

/// <summary>
/// A page of events for the admin API, newest first (by published time, else received time).
/// <see cref="TypeGlob"/> uses <c>*</c> and <c>?</c>; <see cref="Actor"/> matches the actor's
/// alternateId or id, <see cref="Target"/> any target's; <see cref="Provenance"/> is matched
/// exactly (push only, pull only, or both) and null means any.
/// </summary>
/// <param name="After">Where the previous page ended; null for the first page.</param>
internal sealed record EventSearch(
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    string? TypeGlob = null,
    string? Hook = null,
    Provenance? Provenance = null,
    string? Actor = null,
    string? Target = null,
    int Limit = 50,
    EventPosition? After = null);

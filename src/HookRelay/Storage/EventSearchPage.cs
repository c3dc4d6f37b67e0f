namespace HookRelay.Storage;

/// <summary>One page of an <see cref="EventSearch"/>; <see cref="Next"/> is null on the last page.</summary>
internal sealed record EventSearchPage(IReadOnlyList<EventListing> Items, EventPosition? Next);

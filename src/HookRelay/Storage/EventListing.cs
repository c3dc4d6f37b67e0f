namespace HookRelay.Storage;

/// <summary>An event as a search lists it: its summary, how HookRelay learned of it, and its place in the order.</summary>
internal sealed record EventListing(StoredEventSummary Summary, Provenance Provenance, EventPosition Position);

namespace HookRelay.Admin;

/// <summary>A page of events, newest first; <paramref name="Next"/> is the cursor of the next page, null on the last.</summary>
internal sealed record EventPageResponse(IReadOnlyList<EventItem> Items, string? Next);

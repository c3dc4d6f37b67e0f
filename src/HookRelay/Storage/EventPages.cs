namespace HookRelay.Storage;

internal static class EventPages
{
    /// <summary>
    /// A page from up to <paramref name="limit"/> + 1 rows: the extra row only says that another
    /// page follows, which then starts after the last row kept.
    /// </summary>
    public static EventSearchPage From(List<EventListing> rows, int limit)
    {
        if (rows.Count <= limit)
        {
            return new EventSearchPage(rows, null);
        }

        rows.RemoveRange(limit, rows.Count - limit);
        return new EventSearchPage(rows, rows[^1].Position);
    }
}

namespace HookRelay.Storage;

internal static class EventPages
{
    private const int PageSize = 500;

    /// <summary>Up to <paramref name="count"/> events of <paramref name="search"/>, newest first, read a page at a time.</summary>
    public static IEnumerable<EventListing> Read(IEventReader reader, EventSearch search, int count)
    {
        var after = search.After;
        for (var remaining = count; remaining > 0;)
        {
            var page = reader.Search(search with { Limit = Math.Min(remaining, PageSize), After = after });
            foreach (var item in page.Items)
            {
                yield return item;
            }

            remaining -= page.Items.Count;
            if (page.Next is null)
            {
                yield break;
            }

            after = page.Next;
        }
    }

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

namespace HookRelay.Storage;

/// <summary>
/// Reads a time window of events in pages, for <c>hookrelay events export</c>: keyset paging by
/// (time, seq), so an export of millions holds one page in memory and each page starts where the
/// last ended instead of counting from the window's start.
/// </summary>
internal interface IEventExport
{
    /// <summary>How many events the window holds, for a progress bar.</summary>
    long Count(ExportQuery query);

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/>, in (time, seq) order.</summary>
    IReadOnlyList<ExportedEvent> ReadPage(ExportQuery query, ExportPosition after, int limit);
}

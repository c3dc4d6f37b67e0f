namespace HookRelay.Storage;

/// <summary>Queries over stored events for the CLI and the admin API.</summary>
internal interface IEventReader
{
    StoredEvent? Find(string uuid);

    /// <summary>One page of events, newest first; keyset-paged, so pages neither skip nor repeat as events arrive.</summary>
    EventSearchPage Search(EventSearch search);

    /// <summary>The event with its deliveries to each sink, or null when the store does not hold it.</summary>
    EventDetail? Detail(string uuid);

    IReadOnlyList<HookRelay.Sinks.SinkEvent> ReadForDispatch(IReadOnlyCollection<long> seqs);

    /// <summary>Those of <paramref name="uuids"/> the store does not hold, in the order given.</summary>
    IReadOnlyList<string> Missing(IReadOnlyCollection<string> uuids);
}

namespace HookRelay.Storage;

/// <summary>Queries over stored events for the CLI (and later the admin API).</summary>
internal interface IEventReader
{
    IReadOnlyList<StoredEventSummary> List(EventQuery query);

    StoredEvent? Find(string uuid);

    IReadOnlyList<HookRelay.Sinks.SinkEvent> ReadForDispatch(IReadOnlyCollection<long> seqs);

    /// <summary>Those of <paramref name="uuids"/> the store does not hold, in the order given.</summary>
    IReadOnlyList<string> Missing(IReadOnlyCollection<string> uuids);
}

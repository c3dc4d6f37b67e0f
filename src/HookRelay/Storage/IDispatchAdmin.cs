namespace HookRelay.Storage;

/// <summary>What operators ask of the dispatch queue from the CLI: status, dead letters, provenance, cursors, replay, purge.</summary>
internal interface IDispatchAdmin
{
    IReadOnlyList<SinkStatus> Status();

    /// <summary>Each sink's unfinished work, cheaply (no delivered total): for views refreshed every few seconds.</summary>
    IReadOnlyList<SinkBacklog> Backlog();

    IReadOnlyList<DeadLetter> DeadLetters(string? sink, int limit);

    IReadOnlyList<ReconcileStatus> Provenance();

    IReadOnlyList<CursorStatus> Cursors();

    /// <summary>Queues the selected events for the sink again, now; returns how many.</summary>
    /// <param name="selection">The sink and which of its events.</param>
    /// <param name="progress">Told the share of the store worked through (0 to 1) as the replay goes.</param>
    int Replay(ReplaySelection selection, Action<double>? progress = null);

    /// <summary>
    /// Deletes dead letters (only those: pending and delivered items stay), of one sink or all, that
    /// died before <paramref name="diedBefore"/> if given; returns how many. Their events are then
    /// left to retention. With <paramref name="dryRun"/> it only counts them.
    /// </summary>
    int PurgeDeadLetters(string? sink, DateTimeOffset? diedBefore, bool dryRun);
}

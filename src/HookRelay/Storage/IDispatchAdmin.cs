namespace HookRelay.Storage;

/// <summary>What operators ask of the dispatch queue from the CLI: status, dead letters, provenance, cursors, replay.</summary>
internal interface IDispatchAdmin
{
    IReadOnlyList<SinkStatus> Status();

    IReadOnlyList<DeadLetter> DeadLetters(string? sink, int limit);

    IReadOnlyList<ReconcileStatus> Provenance();

    IReadOnlyList<CursorStatus> Cursors();

    /// <summary>Queues the selected events for the sink again, now; returns how many.</summary>
    /// <param name="selection">The sink and which of its events.</param>
    /// <param name="progress">Told the share of the store worked through (0 to 1) as the replay goes.</param>
    int Replay(ReplaySelection selection, Action<double>? progress = null);
}

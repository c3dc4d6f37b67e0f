namespace HookRelay.Storage;

/// <summary>The store as the dispatch work queue.</summary>
internal interface IDispatchQueue
{
    /// <summary>
    /// Claims up to <paramref name="max"/> due items of a sink. A store shared by several
    /// processes leases them for <paramref name="lease"/>; the SQLite store, owned by one process
    /// with one worker per sink, only reads them.
    /// </summary>
    Task<IReadOnlyList<DispatchItem>> ClaimAsync(string sink, int max, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records the outcome of each item's attempt (which counts the attempt).</summary>
    Task CompleteAsync(IReadOnlyList<DispatchCompletion> completions, CancellationToken cancellationToken);

    /// <summary>Records the circuit breaker: paused until a time, or not paused (null).</summary>
    Task SetPausedAsync(string sink, DateTimeOffset? until, string? reason, CancellationToken cancellationToken);
}

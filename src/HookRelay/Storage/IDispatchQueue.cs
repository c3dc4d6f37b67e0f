namespace HookRelay.Storage;

/// <summary>The store as the dispatch work queue: claims with a lease, outcomes, releases.</summary>
internal interface IDispatchQueue
{
    /// <summary>Claims up to <paramref name="max"/> due items of a sink for <paramref name="lease"/>.</summary>
    Task<IReadOnlyList<DispatchItem>> ClaimAsync(string sink, int max, TimeSpan lease, CancellationToken cancellationToken);

    Task CompleteAsync(IReadOnlyList<DispatchCompletion> completions, CancellationToken cancellationToken);

    /// <summary>
    /// Frees every lease. Only for a store that one process owns (SQLite): a lease left by a
    /// crashed run of this process is taken again at once instead of after it expires.
    /// </summary>
    Task ReleaseLeasesAsync(CancellationToken cancellationToken);
}

namespace HookRelay.Storage;

/// <summary>
/// Work that one instance at a time must do (reconciling an org, retention). With SQLite one
/// process owns the store and always holds every lock; with PostgreSQL an advisory lock decides,
/// and it moves to a surviving instance when its holder dies.
/// </summary>
internal interface ISingletonLocks
{
    /// <summary>
    /// Waits until this instance holds the named lock. The returned token is cancelled if the lock
    /// is lost (the database connection that holds it broke); the caller stops and asks again.
    /// </summary>
    Task<CancellationToken> AcquireAsync(string name, CancellationToken cancellationToken);

    /// <summary>Whether this instance holds the lock right now (false if it never asked).</summary>
    bool Holds(string name);
}

/// <summary>The SQLite store's locks: one process owns the file, so it holds them all.</summary>
internal sealed class ProcessSingletonLocks : ISingletonLocks
{
    public Task<CancellationToken> AcquireAsync(string name, CancellationToken cancellationToken) => Task.FromResult(CancellationToken.None);

    public bool Holds(string name) => true;
}

namespace HookRelay.Storage.GroupCommit;

/// <summary>Runs a batch of writes in one transaction: one commit, one flush to disk. Called from one thread only.</summary>
internal interface IBatchWriter<TContext> : IDisposable
{
    /// <summary>Executes every write and commits; throws if the commit did not happen (or may not have).</summary>
    void Write(IReadOnlyList<StoreWrite<TContext>> batch);

    /// <summary>Drops the connection after a failure so the next batch starts afresh.</summary>
    void Reset();
}

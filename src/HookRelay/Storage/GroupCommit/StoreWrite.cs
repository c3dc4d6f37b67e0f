namespace HookRelay.Storage.GroupCommit;

/// <summary>
/// A unit of work for a store's single writer. It runs inside a group commit's transaction and its
/// caller learns the result only after that transaction is durable (or that it failed).
/// </summary>
/// <typeparam name="TContext">The provider's connection and transaction for one commit.</typeparam>
internal abstract class StoreWrite<TContext>
{
    public abstract void Execute(TContext context);

    public abstract void Succeed();

    public abstract void Fail(Exception exception);
}

/// <summary>A <see cref="StoreWrite{TContext}"/> whose result is handed out after the commit.</summary>
internal abstract class StoreWrite<TContext, T> : StoreWrite<TContext>
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Completion => _completion.Task;

    /// <summary>Runs again from the start if the writer retries the batch (a deadlock between instances).</summary>
    public sealed override void Execute(TContext context) => _result = Run(context);

    public sealed override void Succeed() => _completion.TrySetResult(_result!);

    public sealed override void Fail(Exception exception) => _completion.TrySetException(exception);

    protected abstract T Run(TContext context);
}

namespace HookRelay.Storage.Sqlite;

/// <summary>A <see cref="StoreOperation"/> whose result is handed out after the commit.</summary>
internal abstract class StoreOperation<T> : StoreOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Completion => _completion.Task;

    public sealed override void Execute(SqliteWriteContext context) => _result = Run(context);

    public sealed override void Succeed() => _completion.TrySetResult(_result!);

    public sealed override void Fail(Exception exception) => _completion.TrySetException(exception);

    protected abstract T Run(SqliteWriteContext context);
}

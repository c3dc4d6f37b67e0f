using HookRelay.Operations;
using HookRelay.Storage.GroupCommit;
using Microsoft.Extensions.Options;

namespace HookRelay.Storage.Sqlite;

/// <summary>
/// The SQLite store: one file, owned by one server process. Writes go through a
/// <see cref="GroupCommitQueue{TContext}"/>; reads open their own connections.
/// </summary>
internal sealed class SqliteEventStore : IEventStore, IDispatchQueue, IOktaStateStore, IAsyncDisposable
{
    private readonly GroupCommitQueue<SqliteWriteContext> _queue;
    private readonly SqliteDueWork _dueWork;
    private readonly SqliteDatabase _database;

    public SqliteEventStore(
        SqliteDatabase database,
        IOptions<StorageOptions> options,
        HookRelayMetrics metrics,
        TimeProvider timeProvider,
        ILogger<SqliteEventStore> logger)
    {
        _queue = new GroupCommitQueue<SqliteWriteContext>(
            new SqliteBatchWriter(database, timeProvider), () => new ProbeOperation(),
            options.Value.MaxDeliveriesPerCommit, metrics, timeProvider, logger);
        _dueWork = new SqliteDueWork(database, timeProvider);
        _database = database;
    }

    public Task<AppendResult> AppendAsync(ReceivedDelivery delivery, CancellationToken cancellationToken) =>
        _queue.EnqueueAsync(new AppendOperation(delivery), cancellationToken);

    /// <summary>A read, not a write: see <see cref="SqliteDueWork"/>.</summary>
    public Task<IReadOnlyList<DispatchItem>> ClaimAsync(string sink, int max, TimeSpan lease, CancellationToken cancellationToken) =>
        Task.FromResult(_dueWork.Read(sink, max));

    public Task CompleteAsync(IReadOnlyList<DispatchCompletion> completions, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new CompleteOperation(completions), cancellationToken);

    public Uri? LoadCursor(string org)
    {
        using var connection = _database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT next_url FROM okta_cursors WHERE org = $org;";
        command.Parameters.AddWithValue("$org", org);
        return command.ExecuteScalar() is string url ? new Uri(url) : null;
    }

    public DateTimeOffset? LoadPosition(string org)
    {
        using var connection = _database.OpenForQueries();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT position_at FROM okta_cursors WHERE org = $org;";
        command.Parameters.AddWithValue("$org", org);
        return command.ExecuteScalar() is long at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null;
    }

    public Task SaveCursorAsync(string org, Uri next, DateTimeOffset? position, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new SaveCursorOperation(org, next, position), cancellationToken);

    public Task MarkCaughtUpAsync(string org, DateTimeOffset checkedAt, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new MarkCaughtUpOperation(org, checkedAt), cancellationToken);

    public Task RecordDeliveryFailuresAsync(IReadOnlyList<OktaDeliveryFailure> failures, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new RecordDeliveryFailuresOperation(failures), cancellationToken);

    public Task SaveOrgHealthAsync(string org, string reportJson, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new SaveOrgHealthOperation(org, reportJson), cancellationToken);

    public Task<StoredBackfill> ClaimBackfillAsync(string org, StoredBackfill backfill, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new ClaimBackfillOperation(org, backfill), cancellationToken);

    public Task<bool> SaveBackfillAsync(string org, StoredBackfill backfill, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new SaveBackfillOperation(org, backfill), cancellationToken);

    public Task SetPausedAsync(string sink, DateTimeOffset? until, string? reason, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new SetPauseOperation(sink, until, reason), cancellationToken);

    public Task<StoreHealth> CheckWritableAsync(CancellationToken cancellationToken) => _queue.CheckWritableAsync(cancellationToken);

    /// <summary>Queues a write for the next group commit (tests use it to put their own writes in a batch).</summary>
    internal Task<T> EnqueueAsync<T>(StoreOperation<T> operation, CancellationToken cancellationToken) =>
        _queue.EnqueueAsync(operation, cancellationToken);

    /// <summary>Called after Kestrel has drained: writes what is queued, then checkpoints and closes.</summary>
    public ValueTask DisposeAsync() => _queue.DisposeAsync();
}

using System.Threading.Channels;
using HookRelay.Operations;
using Microsoft.Extensions.Options;

namespace HookRelay.Storage.Sqlite;

/// <summary>
/// Group commit: requests queue their deliveries, one loop writes everything queued so far in one
/// transaction, and every request in that batch is answered after the single fsync.
/// While one commit is on disk the next batch gathers, so batches grow exactly when load does.
/// </summary>
internal sealed partial class SqliteEventStore : IEventStore, IDispatchQueue, IOktaStateStore, IAsyncDisposable
{
    private const int QueueCapacity = 8_192;
    private static readonly TimeSpan ProbeReuse = TimeSpan.FromSeconds(1);

    private readonly Channel<StoreOperation> _queue = Channel.CreateBounded<StoreOperation>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SqliteBatchWriter _writer;
    private readonly SqliteDueWork _dueWork;
    private readonly SqliteDatabase _database;
    private readonly int _maxPerCommit;
    private readonly HookRelayMetrics _metrics;
    private readonly ILogger<SqliteEventStore> _logger;
    private readonly Thread _writerThread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _timeProvider;
    private readonly Lock _probeGate = new();
    private Task<StoreHealth>? _probe;
    private long _probeStarted;

    public SqliteEventStore(
        SqliteDatabase database,
        IOptions<StorageOptions> options,
        HookRelayMetrics metrics,
        TimeProvider timeProvider,
        ILogger<SqliteEventStore> logger)
    {
        _writer = new SqliteBatchWriter(database, timeProvider);
        _dueWork = new SqliteDueWork(database, timeProvider);
        _database = database;
        _timeProvider = timeProvider;
        _maxPerCommit = options.Value.MaxDeliveriesPerCommit;
        _metrics = metrics;
        _logger = logger;
        // A thread of its own: commits block on fsync, which must not take a thread-pool thread
        // from Kestrel on a small machine.
        _writerThread = new Thread(Run) { IsBackground = true, Name = "hookrelay-writer" };
        _writerThread.Start();
    }

    public Task<AppendResult> AppendAsync(ReceivedDelivery delivery, CancellationToken cancellationToken) =>
        EnqueueAsync(new AppendOperation(delivery), cancellationToken);

    /// <summary>A read, not a write: see <see cref="SqliteDueWork"/>.</summary>
    public Task<IReadOnlyList<DispatchItem>> ClaimAsync(string sink, int max, TimeSpan lease, CancellationToken cancellationToken) =>
        Task.FromResult(_dueWork.Read(sink, max));

    public Task CompleteAsync(IReadOnlyList<DispatchCompletion> completions, CancellationToken cancellationToken) =>
        EnqueueWaitingAsync(new CompleteOperation(completions), cancellationToken);

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
        EnqueueWaitingAsync(new SaveCursorOperation(org, next, position), cancellationToken);

    public Task MarkCaughtUpAsync(string org, DateTimeOffset checkedAt, CancellationToken cancellationToken) =>
        EnqueueWaitingAsync(new MarkCaughtUpOperation(org, checkedAt), cancellationToken);

    public Task RecordDeliveryFailuresAsync(IReadOnlyList<OktaDeliveryFailure> failures, CancellationToken cancellationToken) =>
        EnqueueWaitingAsync(new RecordDeliveryFailuresOperation(failures), cancellationToken);

    public Task SaveOrgHealthAsync(string org, string reportJson, CancellationToken cancellationToken) =>
        EnqueueWaitingAsync(new SaveOrgHealthOperation(org, reportJson), cancellationToken);

    public Task SetPausedAsync(string sink, DateTimeOffset? until, string? reason, CancellationToken cancellationToken) =>
        EnqueueWaitingAsync(new SetPauseOperation(sink, until, reason), cancellationToken);

    /// <summary>
    /// Commits a probe row through the same queue as deliveries. At most one probe is in flight
    /// and its answer is reused for a second, so readiness checks (unauthenticated) cannot crowd
    /// deliveries out of the queue.
    /// </summary>
    public Task<StoreHealth> CheckWritableAsync(CancellationToken cancellationToken)
    {
        lock (_probeGate)
        {
            var fresh = _probe is { IsCompleted: false } || _timeProvider.GetElapsedTime(_probeStarted) < ProbeReuse;
            if (_probe is null || !fresh)
            {
                _probeStarted = _timeProvider.GetTimestamp();
                _probe = ProbeAsync();
            }

            return _probe.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Called after Kestrel has drained: write what is queued, then checkpoint and close.
        _queue.Writer.TryComplete();
        await _stopped.Task;
        _writer.Dispose();
    }

    private async Task<StoreHealth> ProbeAsync()
    {
        try
        {
            await EnqueueAsync(new ProbeOperation(), CancellationToken.None);
            return new StoreHealth(true, "The store commits writes.");
        }
        catch (StoreUnavailableException ex)
        {
            return new StoreHealth(false, ex.Message);
        }
    }

    /// <summary>
    /// For background work (dispatch outcomes): waits for room in the queue instead of failing,
    /// so a burst of ingest never makes a delivered batch go unrecorded (and sent again).
    /// </summary>
    private async Task<T> EnqueueWaitingAsync<T>(StoreOperation<T> operation, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(operation, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new StoreUnavailableException("The store is shutting down.", ex);
        }

        return await operation.Completion.WaitAsync(cancellationToken);
    }

    /// <summary>Queues an operation for the next group commit; its task completes after that commit.</summary>
    internal Task<T> EnqueueAsync<T>(StoreOperation<T> operation, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new StoreUnavailableException("The store's write queue is full or closed.");
        }

        // The write goes ahead even if the caller gives up; only the wait is cancelled.
        return operation.Completion.WaitAsync(cancellationToken);
    }

    private void Run()
    {
        var batch = new List<StoreOperation>(_maxPerCommit);
        try
        {
            while (WaitForWork())
            {
                while (batch.Count < _maxPerCommit && _queue.Reader.TryRead(out var operation))
                {
                    batch.Add(operation);
                }

                Commit(batch);
                batch.Clear();
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Blocks until something is queued (true) or the queue is closed and empty (false).</summary>
    private bool WaitForWork()
    {
        var wait = _queue.Reader.WaitToReadAsync();
        return wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void Commit(List<StoreOperation> batch)
    {
        try
        {
            _writer.Write(batch);
        }
#pragma warning disable CA1031 // Any failure to commit must become a 503 for the waiting requests, never a hang.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Answer the waiting requests first: nothing below may keep them waiting.
            var failure = new StoreUnavailableException($"The store could not commit: {ex.Message}", ex);
            foreach (var operation in batch)
            {
                operation.Fail(failure);
            }

            _writer.Reset();
            _metrics.CommitFailed();
            LogCommitFailed(_logger, batch.Count, ex.Message);
            return;
        }

        _metrics.RecordCommit(batch.Count);
        foreach (var operation in batch)
        {
            operation.Succeed();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Commit of {Writes} queued writes failed; deliveries among them are answered 503: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, int writes, string reason);
}

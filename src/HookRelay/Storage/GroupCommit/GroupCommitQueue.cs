using System.Threading.Channels;
using HookRelay.Operations;

namespace HookRelay.Storage.GroupCommit;

/// <summary>
/// Group commit: requests queue their writes, one thread writes everything queued so far in one
/// transaction, and every request in that batch is answered after the single flush to disk.
/// While one commit is on disk the next batch gathers, so batches grow exactly when load does.
/// </summary>
internal sealed partial class GroupCommitQueue<TContext> : IAsyncDisposable
{
    private const int QueueCapacity = 8_192;
    private static readonly TimeSpan ProbeReuse = TimeSpan.FromSeconds(1);

    private readonly Channel<StoreWrite<TContext>> _queue = Channel.CreateBounded<StoreWrite<TContext>>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IBatchWriter<TContext> _writer;
    private readonly Func<StoreWrite<TContext, bool>> _probeWrite;
    private readonly int _maxPerCommit;
    private readonly HookRelayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _probeGate = new();
    private Task<StoreHealth>? _probe;
    private long _probeStarted;

    /// <param name="probeWrite">Makes the small write that readiness checks commit to prove the store takes writes.</param>
    public GroupCommitQueue(
        IBatchWriter<TContext> writer,
        Func<StoreWrite<TContext, bool>> probeWrite,
        int maxPerCommit,
        HookRelayMetrics metrics,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _writer = writer;
        _probeWrite = probeWrite;
        _maxPerCommit = maxPerCommit;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        // A thread of its own: commits block on the disk, which must not take a thread-pool
        // thread from Kestrel on a small machine.
        new Thread(Run) { IsBackground = true, Name = "hookrelay-writer" }.Start();
    }

    /// <summary>Queues a write for the next group commit; its task completes after that commit.</summary>
    public Task<T> EnqueueAsync<T>(StoreWrite<TContext, T> write, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            throw new StoreUnavailableException("The store's write queue is full or closed.");
        }

        // The write goes ahead even if the caller gives up; only the wait is cancelled.
        return write.Completion.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// For background work (dispatch outcomes): waits for room in the queue instead of failing,
    /// so a burst of ingest never makes a delivered batch go unrecorded (and sent again).
    /// </summary>
    public async Task<T> EnqueueWaitingAsync<T>(StoreWrite<TContext, T> write, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(write, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new StoreUnavailableException("The store is shutting down.", ex);
        }

        return await write.Completion.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Commits a probe write through the same queue as deliveries. At most one probe is in flight
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
        // Called after Kestrel has drained: write what is queued, then close.
        _queue.Writer.TryComplete();
        await _stopped.Task;
        _writer.Dispose();
    }

    private async Task<StoreHealth> ProbeAsync()
    {
        try
        {
            await EnqueueAsync(_probeWrite(), CancellationToken.None);
            return new StoreHealth(true, "The store commits writes.");
        }
        catch (StoreUnavailableException ex)
        {
            return new StoreHealth(false, ex.Message);
        }
    }

    private void Run()
    {
        var batch = new List<StoreWrite<TContext>>(_maxPerCommit);
        try
        {
            while (WaitForWork())
            {
                while (batch.Count < _maxPerCommit && _queue.Reader.TryRead(out var write))
                {
                    batch.Add(write);
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

    private void Commit(List<StoreWrite<TContext>> batch)
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
            foreach (var write in batch)
            {
                write.Fail(failure);
            }

            _writer.Reset();
            _metrics.CommitFailed();
            LogCommitFailed(_logger, batch.Count, ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message);
            return;
        }

        _metrics.RecordCommit(batch.Count);
        foreach (var write in batch)
        {
            write.Succeed();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Commit of {Writes} queued writes failed; deliveries among them are answered 503: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, int writes, string reason);
}

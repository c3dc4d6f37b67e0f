using HookRelay.Hosting;
using Microsoft.Extensions.Options;

namespace HookRelay.Storage;

/// <summary>
/// Applies <c>Storage:Retention</c>: shortly after it holds the <c>retention</c> lock, then every
/// hour, removes events every sink has handled that were received longer ago than the retention,
/// batch by batch. Instances sharing a store take turns: one holds the lock.
/// </summary>
internal sealed partial class RetentionService(
    IOptions<StorageOptions> options,
    IRetentionStore store,
    ISingletonLocks locks,
    TimeProvider timeProvider,
    ILogger<RetentionService> logger) : HostedLoop
{
    public const string LockName = "retention";

    /// <summary>Events (and bodies) per transaction: small enough that ingest never waits long on SQLite's single writer.</summary>
    public const int BatchSize = 5_000;

    /// <summary>How long after taking the lock the first run starts: the server's start (and its catch-up) goes first.</summary>
    public TimeSpan FirstRunDelay { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Between two batches: lets writes waiting on SQLite's lock in first.</summary>
    public TimeSpan BatchPause { get; init; } = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.KeepsForever)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken held;
            try
            {
                held = await locks.AcquireAsync(LockName, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            // Stops when the server stops or the lock is lost (then waits to hold it again).
            using var holding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, held);
            await RunHeldAsync(holding.Token);
        }
    }

    private async Task RunHeldAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRunDelay, timeProvider, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, timeProvider);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException ex)
            {
                // What was deleted stays deleted; the rest waits for the next run.
                LogRunFailed(logger, ex.Message);
            }
        }
        while (await timer.TickAsync(stoppingToken));
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value.Retention;
        var cutoff = timeProvider.GetUtcNow() - retention;
        var total = default(RetentionBatch);
        RetentionBatch batch;
        do
        {
            // Checked before each batch, not inside one: a batch is a short transaction.
            stoppingToken.ThrowIfCancellationRequested();
            batch = store.DeleteHandled(cutoff, BatchSize);
            total = new RetentionBatch(total.Events + batch.Events, total.Bodies + batch.Bodies, total.DeliveryFailures + batch.DeliveryFailures);
            if (batch.IsFull(BatchSize))
            {
                await Task.Delay(BatchPause, timeProvider, stoppingToken);
            }
        }
        while (batch.IsFull(BatchSize));

        LogRemoved(logger, total.Events, total.Bodies, total.DeliveryFailures, cutoff, retention);
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information,
        Message = "Retention removed {Events} handled events, {Bodies} raw bodies and {Failures} Okta delivery failures received before {Cutoff:O} (Storage:Retention {Retention}).")]
    private static partial void LogRemoved(ILogger logger, int events, int bodies, int failures, DateTimeOffset cutoff, TimeSpan retention);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "Retention failed; it is tried again next hour: {Reason}")]
    private static partial void LogRunFailed(ILogger logger, string reason);
}

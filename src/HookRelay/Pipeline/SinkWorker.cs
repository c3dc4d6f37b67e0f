using HookRelay.Operations;
using HookRelay.Sinks;
using HookRelay.Storage;

namespace HookRelay.Pipeline;

/// <summary>
/// Moves one sink's work: claim due items with a lease, load their events, deliver them in
/// <c>published</c> order, record each outcome. A sink that keeps failing is paused briefly
/// (circuit breaker) instead of being hammered. Never throws out of <see cref="RunAsync"/>.
/// </summary>
internal sealed partial class SinkWorker(
    IEventSink sink,
    SinkOptions options,
    IDispatchQueue queue,
    IEventReader reader,
    DispatchSignal signal,
    HookRelayMetrics metrics,
    TimeProvider timeProvider,
    ILogger<SinkWorker> logger)
{
    public const int FailuresBeforePause = 5;
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Sweep = TimeSpan.FromSeconds(1);

    private readonly Random _random = new();
    private volatile SinkHealth _health = new(sink.Name, 0, null, null);

    public SinkHealth Health => _health;

    /// <summary>A claim outlives the slowest attempt, so a live worker never loses its items to another.</summary>
    private TimeSpan Lease => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, options.Timeout.Ticks * 3));

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_health.PausedUntil is { } until && until > timeProvider.GetUtcNow())
                {
                    await signal.WaitAsync(sink.Name, until - timeProvider.GetUtcNow(), timeProvider, stoppingToken);
                    continue;
                }

                if (!await RunOnceAsync(stoppingToken))
                {
                    await signal.WaitAsync(sink.Name, Sweep, timeProvider, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException ex)
            {
                LogStoreUnavailable(logger, sink.Name, ex.Message);
                await signal.WaitAsync(sink.Name, Sweep, timeProvider, stoppingToken);
            }
        }
    }

    /// <summary>One claim and its deliveries; false when nothing was due.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var items = await queue.ClaimAsync(sink.Name, options.BatchSize, Lease, cancellationToken);
        if (items.Count == 0)
        {
            return false;
        }

        var events = reader.ReadForDispatch([.. items.Select(i => i.EventSeq)]);
        var bySeq = events.ToDictionary(e => e.Seq);
        var ordered = events.OrderBy(e => e.Published ?? DateTimeOffset.MaxValue).ThenBy(e => e.Seq).ToList();
        var result = ordered.Count == 0 ? SinkResult.Delivered : await DeliverAsync(ordered, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var completions = items.Select(item => bySeq.ContainsKey(item.EventSeq)
            ? RetryPolicy.Decide(item, result, options, now, _random)
            : new DispatchCompletion(item.Id, DispatchState.Dead, null, "the event is no longer stored")).ToList();
        await queue.CompleteAsync(completions, CancellationToken.None);
        var wasPaused = _health.ConsecutiveFailures >= FailuresBeforePause;
        Observe(result, now, completions.Count(c => c.State == DispatchState.Dead));
        Measure(completions, ordered, now);
        if (_health.PausedUntil is { } pausedUntil)
        {
            await queue.SetPausedAsync(sink.Name, pausedUntil, _health.LastError, CancellationToken.None);
        }
        else if (wasPaused)
        {
            await queue.SetPausedAsync(sink.Name, null, null, CancellationToken.None);
        }

        return true;
    }

    private async Task<SinkResult> DeliverAsync(IReadOnlyList<SinkEvent> batch, CancellationToken cancellationToken)
    {
        try
        {
            return await sink.DeliverAsync(batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A sink bug or an unexpected fault is a failed attempt, not a dead worker.
            return SinkResult.Retry($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private void Measure(List<DispatchCompletion> completions, List<SinkEvent> delivered, DateTimeOffset now)
    {
        foreach (var group in completions.GroupBy(c => c.State))
        {
            var outcome = group.Key switch { DispatchState.Delivered => "delivered", DispatchState.Dead => "dead", _ => "retry" };
            metrics.Dispatched(sink.Name, outcome, group.Count());
        }

        if (completions.Count > 0 && completions[0].State == DispatchState.Delivered)
        {
            foreach (var e in delivered)
            {
                metrics.DispatchLag(sink.Name, now - e.ReceivedAt);
            }
        }
    }

    private void Observe(SinkResult result, DateTimeOffset now, int dead)
    {
        if (result.Outcome == SinkOutcome.Delivered)
        {
            _health = _health with { ConsecutiveFailures = 0, PausedUntil = null };
            return;
        }

        var failures = _health.ConsecutiveFailures + 1;
        var paused = failures >= FailuresBeforePause ? now + Pause : (DateTimeOffset?)null;
        _health = new SinkHealth(sink.Name, failures, paused, result.Error);
        LogAttemptFailed(logger, sink.Name, failures, dead, result.Error ?? result.Outcome.ToString());
        if (paused is not null)
        {
            LogPaused(logger, sink.Name, failures, Pause);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Sink {Sink} attempt failed ({Failures} in a row, {Dead} items now dead letters): {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string sink, int failures, int dead, string error);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Sink {Sink} paused for {Pause} after {Failures} failures in a row")]
    private static partial void LogPaused(ILogger logger, string sink, int failures, TimeSpan pause);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Sink {Sink} cannot reach the store: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string sink, string reason);
}

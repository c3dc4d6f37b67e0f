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

    /// <summary>A claim outlives the slowest attempt, so a live worker never loses its items to another.</summary>
    private TimeSpan Lease => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, options.Timeout.Ticks * 3));

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = timeProvider.GetUtcNow();
                if (_health.PausedUntil is { } until && until > now)
                {
                    await signal.WaitAsync(sink.Name, until - now, timeProvider, stoppingToken);
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
#pragma warning disable CA1031 // The worker must outlive any fault; the items stay pending and are tried again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogWorkerFault(logger, sink.Name, ex.Message);
                await WaitQuietlyAsync(stoppingToken);
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
        var ordered = events.OrderBy(e => e.Published ?? DateTimeOffset.MaxValue).ThenBy(e => e.Seq).ToList();
        var results = await DeliverAsync(ordered, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var completions = items.Select(item => results.TryGetValue(item.EventSeq, out var result)
            ? RetryPolicy.Decide(item, result, options, now, _random)
            : new DispatchCompletion(item.Id, DispatchState.Dead, null, "the event is no longer stored")).ToList();
        await queue.CompleteAsync(completions, CancellationToken.None);
        var wasPaused = _health.PausedUntil is not null;
        Observe(results.Values, now, completions.Count(c => c.State == DispatchState.Dead));
        Measure(completions, ordered, results, now);
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

    /// <summary>
    /// One delivery for the batch. A batch refused as a whole is tried event by event, so that one
    /// event the sink cannot take (too large, a subject its stream does not capture, a 400) does
    /// not make dead letters of the others.
    /// </summary>
    private async Task<Dictionary<long, SinkResult>> DeliverAsync(List<SinkEvent> ordered, CancellationToken cancellationToken)
    {
        if (ordered.Count == 0)
        {
            return [];
        }

        var result = await TryDeliverAsync(ordered, cancellationToken);
        if (result.Outcome != SinkOutcome.Reject || ordered.Count == 1)
        {
            return ordered.ToDictionary(e => e.Seq, _ => result);
        }

        var each = new Dictionary<long, SinkResult>();
        foreach (var e in ordered)
        {
            each[e.Seq] = await TryDeliverAsync([e], cancellationToken);
        }

        return each;
    }

    private async Task<SinkResult> TryDeliverAsync(IReadOnlyList<SinkEvent> batch, CancellationToken cancellationToken)
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

    private void Measure(List<DispatchCompletion> completions, List<SinkEvent> ordered, Dictionary<long, SinkResult> results, DateTimeOffset now)
    {
        foreach (var group in completions.GroupBy(c => c.State))
        {
            var outcome = group.Key switch { DispatchState.Delivered => "delivered", DispatchState.Dead => "dead", _ => "retry" };
            metrics.Dispatched(sink.Name, outcome, group.Count());
        }

        foreach (var e in ordered.Where(e => results[e.Seq].Outcome == SinkOutcome.Delivered))
        {
            metrics.DispatchLag(sink.Name, now - e.ReceivedAt);
        }
    }

    /// <summary>
    /// The circuit breaker. Only passing faults count: a sink that answers, even with a refusal,
    /// is up. A sink that asked for a pause (Retry-After) gets it for all its items.
    /// </summary>
    private void Observe(IEnumerable<SinkResult> results, DateTimeOffset now, int dead)
    {
        var failed = results.FirstOrDefault(r => r.Outcome == SinkOutcome.Retry);
        if (failed.Outcome != SinkOutcome.Retry)
        {
            _health = _health with { ConsecutiveFailures = 0, PausedUntil = null };
            if (dead > 0)
            {
                LogDeadLetters(logger, sink.Name, dead, results.FirstOrDefault(r => r.Outcome == SinkOutcome.Reject).Error ?? "refused");
            }

            return;
        }

        var failures = _health.ConsecutiveFailures + 1;
        var pause = failures >= FailuresBeforePause ? Pause : TimeSpan.Zero;
        if (failed.RetryAfter is { } asked && asked > pause)
        {
            pause = asked < TimeSpan.FromHours(1) ? asked : TimeSpan.FromHours(1);
        }

        var paused = pause > TimeSpan.Zero ? now + pause : (DateTimeOffset?)null;
        _health = new SinkHealth(sink.Name, failures, paused, failed.Error);
        LogAttemptFailed(logger, sink.Name, failures, dead, failed.Error ?? "failed");
        if (paused is not null)
        {
            LogPaused(logger, sink.Name, failures, pause);
        }
    }

    private async Task WaitQuietlyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await signal.WaitAsync(sink.Name, Sweep, timeProvider, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Sink {Sink} attempt failed ({Failures} in a row, {Dead} items now dead letters): {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string sink, int failures, int dead, string error);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Sink {Sink} paused for {Pause} after {Failures} failures in a row")]
    private static partial void LogPaused(ILogger logger, string sink, int failures, TimeSpan pause);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Sink {Sink} worker fault; its items stay pending and are tried again: {Reason}")]
    private static partial void LogWorkerFault(ILogger logger, string sink, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Sink {Sink} refused {Dead} items; they are dead letters: {Error}")]
    private static partial void LogDeadLetters(ILogger logger, string sink, int dead, string error);
}

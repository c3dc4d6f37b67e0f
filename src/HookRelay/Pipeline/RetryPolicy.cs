using HookRelay.Sinks;
using HookRelay.Storage;

namespace HookRelay.Pipeline;

/// <summary>What becomes of a work item after an attempt: done, retried later (backoff with jitter), or dead.</summary>
internal static class RetryPolicy
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(1);

    public static DispatchCompletion Decide(DispatchItem item, SinkResult result, SinkOptions options, DateTimeOffset now, Random random)
    {
        switch (result.Outcome)
        {
            case SinkOutcome.Delivered:
                return new DispatchCompletion(item.Id, DispatchState.Delivered, null, null);
            case SinkOutcome.Reject:
                return new DispatchCompletion(item.Id, DispatchState.Dead, null, result.Error);
        }

        if (item.Attempts >= options.MaxAttempts)
        {
            return new DispatchCompletion(item.Id, DispatchState.Dead, null, $"gave up after {item.Attempts} attempts: {result.Error}");
        }

        if (now - item.CreatedAt >= options.MaxAge)
        {
            return new DispatchCompletion(item.Id, DispatchState.Dead, null, $"gave up after {options.MaxAge} (MaxAge): {result.Error}");
        }

        return new DispatchCompletion(item.Id, DispatchState.Pending, now + Delay(item.Attempts, result.RetryAfter, random), result.Error);
    }

    /// <summary>1 s, 2 s, 4 s … up to 5 min, ±25 % jitter; a sink's Retry-After wins (up to an hour).</summary>
    public static TimeSpan Delay(int attempts, TimeSpan? retryAfter, Random random)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked < MaxRetryAfter ? asked : MaxRetryAfter;
        }

        var exponent = Math.Min(attempts - 1, 20);
        var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << exponent));
        return delay * (0.75 + (random.NextDouble() * 0.5));
    }
}

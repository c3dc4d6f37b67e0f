namespace HookRelay.Sinks;

/// <param name="RetryAfter">How long the sink asked us to wait (HTTP Retry-After), if it said.</param>
internal readonly record struct SinkResult(SinkOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static SinkResult Delivered { get; } = new(SinkOutcome.Delivered);

    public static SinkResult Retry(string error, TimeSpan? retryAfter = null) => new(SinkOutcome.Retry, error, retryAfter);

    public static SinkResult Reject(string error) => new(SinkOutcome.Reject, error);
}

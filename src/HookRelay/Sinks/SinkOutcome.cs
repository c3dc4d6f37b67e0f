namespace HookRelay.Sinks;

internal enum SinkOutcome
{
    /// <summary>The sink has the whole batch.</summary>
    Delivered,

    /// <summary>A passing fault (timeout, 5xx, 429, connection refused): try again later.</summary>
    Retry,

    /// <summary>The sink refuses the batch for good (a 4xx other than 408/429): dead letter at once.</summary>
    Reject,
}

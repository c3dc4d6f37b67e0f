namespace HookRelay.Simulator.Delivery;

/// <summary>How one POST ended: a status code, a timeout, or a transport error.</summary>
internal sealed record DeliveryAttempt(int? StatusCode, bool TimedOut, string? Error)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// <summary>Okta retries once after a timeout, a 5xx or another error, never after a 4xx.</summary>
    public bool Retryable => !Succeeded && StatusCode is not (>= 400 and < 500);

    public string Describe(TimeSpan timeout) =>
        TimedOut ? $"read timed out after {timeout.TotalMilliseconds:0} ms"
        : StatusCode is { } status ? $"HTTP {status}"
        : $"connection failed: {Error}";
}

namespace HookRelay.Simulator;

/// <summary>A fixed-window request budget that answers with Okta's X-Rate-Limit-* headers.</summary>
internal sealed class SimulatedRateLimit(int limit, TimeSpan window, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _used;

    /// <summary>Counts a request; false when the window's budget is spent (answer 429).</summary>
    public bool TryTake(HttpResponse response)
    {
        bool allowed;
        int remaining;
        DateTimeOffset reset;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (now >= _windowEnd)
            {
                _windowEnd = now + window;
                _used = 0;
            }

            allowed = _used < limit;
            _used += allowed ? 1 : 0;
            remaining = limit - _used;
            reset = _windowEnd;
        }

        response.Headers["X-Rate-Limit-Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Rate-Limit-Remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Rate-Limit-Reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.Date = timeProvider.GetUtcNow().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return allowed;
    }
}

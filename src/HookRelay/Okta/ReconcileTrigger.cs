namespace HookRelay.Okta;

/// <summary>Wakes an org's reconciliation before its interval is over (Okta just logged a failed delivery).</summary>
internal sealed class ReconcileTrigger(TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _requests = new(0, 1);

    /// <summary>Asks for a pass now; several requests before the pass runs make one pass.</summary>
    public void Request()
    {
        try
        {
            _requests.Release();
        }
        catch (SemaphoreFullException)
        {
            // A pass is already requested.
        }
    }

    /// <summary>Waits for the interval to pass or a request, whichever comes first; false when stopping.</summary>
    public async Task<bool> WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var loser = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var elapsed = Task.Delay(interval, timeProvider, loser.Token);
        var requested = _requests.WaitAsync(loser.Token);
        await Task.WhenAny(elapsed, requested);
        await loser.CancelAsync();
        return !stoppingToken.IsCancellationRequested;
    }

    public void Dispose() => _requests.Dispose();
}

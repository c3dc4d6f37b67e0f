namespace HookRelay.Simulator.Delivery;

/// <summary>What the simulated org has done so far, for the CLI's summary line and for tests.</summary>
internal sealed class SimulatedDeliveryStats
{
    private long _generated;
    private long _delivered;
    private long _dropped;
    private long _failedEvents;
    private long _failedDeliveries;
    private long _requests;
    private long _retries;
    private long _duplicated;

    public long Generated => Volatile.Read(ref _generated);

    /// <summary>Events in requests the receiver accepted (duplicates not counted).</summary>
    public long Delivered => Volatile.Read(ref _delivered);

    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Events in deliveries given up after the retry (or a 4xx).</summary>
    public long FailedEvents => Volatile.Read(ref _failedEvents);

    public long FailedDeliveries => Volatile.Read(ref _failedDeliveries);

    /// <summary>Every POST sent, retries and duplicates included.</summary>
    public long Requests => Volatile.Read(ref _requests);

    public long Retries => Volatile.Read(ref _retries);

    /// <summary>Requests the receiver accepted a second time.</summary>
    public long Duplicated => Volatile.Read(ref _duplicated);

    public void CountGenerated() => Interlocked.Increment(ref _generated);

    public void CountDelivered(int events) => Interlocked.Add(ref _delivered, events);

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public void CountFailed(int events)
    {
        Interlocked.Increment(ref _failedDeliveries);
        Interlocked.Add(ref _failedEvents, events);
    }

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void CountRetry() => Interlocked.Increment(ref _retries);

    public void CountDuplicated() => Interlocked.Increment(ref _duplicated);

    public string Summary() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"generated {Generated}, delivered {Delivered}, dropped {Dropped}, failed {FailedEvents} ({FailedDeliveries} requests), duplicated {Duplicated} requests, retried {Retries}");
}

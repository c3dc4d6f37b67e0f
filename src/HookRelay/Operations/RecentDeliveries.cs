namespace HookRelay.Operations;

/// <summary>
/// The last few thousand deliveries this process answered, for the dashboard's "right now"
/// figures (acknowledgement p99, duplicates) that Prometheus histograms cannot give back.
/// </summary>
internal sealed class RecentDeliveries(TimeProvider timeProvider)
{
    private const int Capacity = 4_096;
    private readonly Lock _gate = new();
    private readonly Entry[] _entries = new Entry[Capacity];
    private long _next;

    /// <summary>A delivery was answered after <paramref name="elapsed"/>.</summary>
    public void Answered(TimeSpan elapsed) => Add(new Entry(timeProvider.GetUtcNow(), elapsed, 0, 0));

    /// <summary>A delivery's <paramref name="events"/> were stored; <paramref name="duplicates"/> of them Okta had pushed before.</summary>
    public void Received(int events, int duplicates) => Add(new Entry(timeProvider.GetUtcNow(), null, events, duplicates));

    /// <summary>Deliveries answered in the last <paramref name="window"/> (at most the last 4,096 records): their count, p99, events and duplicate events.</summary>
    public RecentSummary Summarize(TimeSpan window)
    {
        var since = timeProvider.GetUtcNow() - window;
        List<Entry> recent;
        lock (_gate)
        {
            recent = [.. _entries.Take((int)Math.Min(_next, Capacity)).Where(e => e.At >= since)];
        }

        if (recent.Count == 0)
        {
            return new RecentSummary(0, null, 0, 0);
        }

        var answered = recent.Where(e => e.Elapsed is not null).Select(e => e.Elapsed!.Value).Order().ToList();
        TimeSpan? p99 = answered.Count == 0 ? null : answered[Math.Min(answered.Count - 1, (int)Math.Ceiling(answered.Count * 0.99) - 1)];
        return new RecentSummary(answered.Count, p99, recent.Sum(e => (long)e.Events), recent.Sum(e => (long)e.Duplicates));
    }

    private void Add(Entry entry)
    {
        lock (_gate)
        {
            _entries[_next++ % Capacity] = entry;
        }
    }

    /// <param name="Elapsed">Set for an answered delivery; null for a record of received events.</param>
    private readonly record struct Entry(DateTimeOffset At, TimeSpan? Elapsed, int Events, int Duplicates);
}

internal sealed record RecentSummary(int Deliveries, TimeSpan? AckP99, long Events, long DuplicateEvents);

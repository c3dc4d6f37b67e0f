namespace HookRelay.Storage;

/// <summary>
/// The overview's per-minute counts of minutes that no longer change, kept between reads, so a read
/// asks the store only about the last few minutes: the dashboard asks every 3 s per open tab, and
/// counting a whole hour took 20 ms at 1 M events (more when the machine is busy). Rows are stamped
/// with the time they were received and written within a second or so; a minute is taken as settled
/// once <see cref="Margin"/> minutes have passed since it ended, which also covers small clock
/// differences between instances sharing PostgreSQL.
/// </summary>
internal sealed class SettledMinutes
{
    public const int Margin = 2;

    private readonly Lock _lock = new();
    private Dictionary<long, (long Received, long Delivered)> _counts = [];

    // The minutes held: [_from, _to).
    private long _from;
    private long _to;

    /// <summary>
    /// What is held from <paramref name="first"/> on, and the first minute not held: where the store
    /// must be asked from.
    /// </summary>
    public (long AskFrom, IReadOnlyDictionary<long, (long Received, long Delivered)> Held) From(long first)
    {
        lock (_lock)
        {
            var askFrom = AskFrom(first);
            return (askFrom, _counts.Where(c => c.Key >= first && c.Key < askFrom).ToDictionary());
        }
    }

    /// <summary>
    /// Keeps the counts the store gave for [<paramref name="askedFrom"/>, <paramref name="current"/>)
    /// of the minutes now settled, and forgets minutes before <paramref name="first"/>.
    /// </summary>
    public void Keep(long first, long askedFrom, long current, IReadOnlyDictionary<long, long> received, IReadOnlyDictionary<long, long> delivered)
    {
        var settledEnd = current - Margin;
        lock (_lock)
        {
            if (askedFrom != AskFrom(first) || settledEnd <= askedFrom)
            {
                return; // another read got here first, or nothing new has settled
            }

            var kept = _counts.Where(c => c.Key >= first).ToDictionary();
            for (var minute = askedFrom; minute < settledEnd; minute++)
            {
                kept[minute] = (received.GetValueOrDefault(minute), delivered.GetValueOrDefault(minute));
            }

            (_counts, _from, _to) = (kept, first, settledEnd);
        }
    }

    private long AskFrom(long first) => _from <= first && first <= _to ? _to : first;
}

using System.Data.Common;
using System.Diagnostics;

namespace HookRelay.Storage;

/// <summary>One event read back from the System Log that Okta has not pushed (provenance pull only).</summary>
internal readonly record struct PulledEvent(long? PublishedAt, long ReceivedAt, string? EventType);

/// <summary>
/// The pulled events of a set of hooks, kept between reconciliation reports. Reading them costs
/// about 1.5 µs a row (44 ms at 20,000, on every load of the Okta page); their fingerprint (count,
/// highest seq and sum of seqs) comes from the covering index in a few milliseconds.
/// <list type="bullet">
/// <item>Same fingerprint: the kept rows are used.</item>
/// <item>Only new rows above the kept highest seq, the kept rows and those together matching the
/// fingerprint: those rows are read and added (a backfill being watched, its page refreshed each second).</item>
/// <item>Anything else (a late push turns pull into both, retention, a row committed below the
/// highest seq by another PostgreSQL instance): all rows are read again.</item>
/// </list>
/// Changes that kept all three alike would need rows added below the highest seq and others taken
/// away, balancing count and sum exactly; the rows are read afresh after <see cref="MaxAge"/> in any case.
/// The report is counted from the rows on every read, as time moves events out of the grace window.
/// </summary>
internal sealed class PulledEvents
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Kept> _byHooks = new(StringComparer.Ordinal);

    /// <param name="pullOnlyOf">The store's WHERE clause for the hooks' pull-only events.</param>
    /// <param name="query">Makes a command of the store's SQL with the hooks (and grace) bound.</param>
    public IReadOnlyList<PulledEvent> Read(IReadOnlyCollection<string> hooks, string pullOnlyOf, Func<string, DbCommand> query)
    {
        PulledFingerprint fingerprint;
        using (var count = query($"SELECT COUNT(*), COALESCE(MAX(seq), 0), COALESCE(SUM(seq), 0) FROM events WHERE {pullOnlyOf};"))
        using (var row = count.ExecuteReader())
        {
            row.Read();
            fingerprint = new PulledFingerprint(row.GetInt64(0), row.GetInt64(1), Convert.ToInt64(row.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
        }

        var key = string.Join('\n', hooks.Order(StringComparer.Ordinal));
        Kept? kept;
        lock (_lock)
        {
            kept = _byHooks.GetValueOrDefault(key);
        }

        if (kept is not null && Stopwatch.GetElapsedTime(kept.ReadAt) < MaxAge)
        {
            if (kept.Fingerprint == fingerprint)
            {
                return kept.Rows;
            }

            if (fingerprint.MaxSeq > kept.Fingerprint.MaxSeq && fingerprint.Count > kept.Fingerprint.Count)
            {
                // Only the rows up to the fingerprint's highest seq: a row committed since then is
                // not in its count and sum, and shows as a new fingerprint next time.
                var added = ReadRows(query, $"{pullOnlyOf} AND seq > @after AND seq <= @upTo", kept.Fingerprint.MaxSeq, fingerprint.MaxSeq);
                var both = new PulledFingerprint(
                    kept.Fingerprint.Count + added.Fingerprint.Count,
                    Math.Max(kept.Fingerprint.MaxSeq, added.Fingerprint.MaxSeq),
                    kept.Fingerprint.SeqSum + added.Fingerprint.SeqSum);
                if (both == fingerprint)
                {
                    return Keep(key, new Kept(both, [.. kept.Rows, .. added.Rows], kept.ReadAt));
                }
            }
        }

        // Kept under the fingerprint of the rows read, not the one taken before: the two statements
        // are not one snapshot, and a pull or late push in between must show as a change next time.
        var all = ReadRows(query, pullOnlyOf, null, null);
        return Keep(key, new Kept(all.Fingerprint, [.. all.Rows], Stopwatch.GetTimestamp()));
    }

    private PulledEvent[] Keep(string key, Kept kept)
    {
        lock (_lock)
        {
            _byHooks[key] = kept;
        }

        return kept.Rows;
    }

    private static (List<PulledEvent> Rows, PulledFingerprint Fingerprint) ReadRows(Func<string, DbCommand> query, string where, long? after, long? upTo)
    {
        using var command = query($"SELECT published_at, received_at, event_type, seq FROM events WHERE {where};");
        if (after is not null)
        {
            command.With("@after", after.Value).With("@upTo", upTo!.Value);
        }

        var rows = new List<PulledEvent>();
        long maxSeq = 0, seqSum = 0;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(StoreRows.PulledEvent(reader));
            var seq = reader.GetInt64(3);
            maxSeq = rows.Count == 1 ? seq : Math.Max(maxSeq, seq);
            seqSum += seq;
        }

        return (rows, new PulledFingerprint(rows.Count, maxSeq, seqSum));
    }

    /// <param name="Fingerprint">Of <paramref name="Rows"/> themselves.</param>
    /// <param name="ReadAt">When all the rows were last read (<see cref="Stopwatch.GetTimestamp"/>).</param>
    private sealed record Kept(PulledFingerprint Fingerprint, PulledEvent[] Rows, long ReadAt);
}

/// <param name="Count">Pulled rows of the hooks.</param>
/// <param name="MaxSeq">The highest seq among them (0 for none).</param>
/// <param name="SeqSum">The sum of their seqs (0 for none).</param>
internal readonly record struct PulledFingerprint(long Count, long MaxSeq, long SeqSum);

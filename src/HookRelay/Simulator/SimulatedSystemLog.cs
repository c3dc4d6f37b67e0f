using System.Text.Json.Nodes;

namespace HookRelay.Simulator;

/// <summary>
/// The simulated org's System Log: events in persistence order, as <c>GET /api/v1/logs</c> serves
/// them. Thread-safe; tests and the simulated delivery side append to it.
/// </summary>
internal sealed class SimulatedSystemLog(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly List<SimulatedLogEvent> _events = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Adds an event of the given type now; returns it (a LogEvent-shaped JSON object).</summary>
    public SimulatedLogEvent Append(string eventType, string? uuid = null, DateTimeOffset? published = null)
    {
        var when = published ?? timeProvider.GetUtcNow();
        var id = uuid ?? Guid.NewGuid().ToString();
        var json = new JsonObject
        {
            ["uuid"] = id,
            ["published"] = when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["eventType"] = eventType,
            ["version"] = "0",
            ["severity"] = "INFO",
            ["displayMessage"] = eventType,
            ["actor"] = new JsonObject { ["id"] = "00usimulated", ["type"] = "User", ["alternateId"] = "sim@example.com" },
            ["outcome"] = new JsonObject { ["result"] = "SUCCESS" },
        }.ToJsonString();
        return AppendDocument(id, eventType, when, json);
    }

    /// <summary>Adds a ready LogEvent document (the generator's and the deliverer's events); one logged <paramref name="duringOutage"/> is never delivered.</summary>
    public SimulatedLogEvent AppendDocument(string uuid, string eventType, DateTimeOffset published, string json, bool duringOutage = false)
    {
        lock (_gate)
        {
            var logged = new SimulatedLogEvent(_events.Count + 1, uuid, eventType, published, json, duringOutage);
            _events.Add(logged);
            return logged;
        }
    }

    /// <summary>
    /// Polling: the matching events persisted after <paramref name="afterPersisted"/>, and the
    /// cursor to continue from (past everything scanned, matching or not).
    /// </summary>
    public (IReadOnlyList<SimulatedLogEvent> Events, long Cursor) Poll(long afterPersisted, Func<SimulatedLogEvent, bool> filter, int limit)
    {
        lock (_gate)
        {
            var page = new List<SimulatedLogEvent>();
            var cursor = afterPersisted;
            for (var i = (int)Math.Min(afterPersisted, _events.Count); i < _events.Count && page.Count < limit; i++)
            {
                cursor = _events[i].Persisted;
                if (filter(_events[i]))
                {
                    page.Add(_events[i]);
                }
            }

            return (page, cursor);
        }
    }

    /// <summary>Bounded: the matching events published in [since, until), in published order.</summary>
    public IReadOnlyList<SimulatedLogEvent> Between(DateTimeOffset since, DateTimeOffset until, Func<SimulatedLogEvent, bool> filter)
    {
        lock (_gate)
        {
            return [.. _events.Where(e => e.Published >= since && e.Published < until && filter(e)).OrderBy(e => e.Published).ThenBy(e => e.Persisted)];
        }
    }

    /// <summary>The events logged during an outage (never delivered): how many, and the first and last published; null if none.</summary>
    public (int Count, DateTimeOffset First, DateTimeOffset Last)? Outage()
    {
        lock (_gate)
        {
            var outage = _events.Where(e => e.DuringOutage).ToList();
            return outage.Count == 0 ? null : (outage.Count, outage.Min(e => e.Published), outage.Max(e => e.Published));
        }
    }

    /// <summary>The first persistence number whose event was published at or after <paramref name="since"/>, minus one.</summary>
    public long StartOfPolling(DateTimeOffset since)
    {
        lock (_gate)
        {
            var first = _events.FindIndex(e => e.Published >= since);
            return first < 0 ? _events.Count : first;
        }
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HookRelay.Operations;

/// <summary>
/// The service's instruments. OpenTelemetry's Prometheus exporter turns "hookrelay.deliveries"
/// into hookrelay_deliveries_total, "hookrelay.ack.duration" (s) into hookrelay_ack_duration_seconds.
/// </summary>
internal sealed class HookRelayMetrics
{
    public const string MeterName = "HookRelay";

    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _eventsStored;
    private readonly Counter<long> _eventsDuplicate;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _commitFailures;
    private readonly Histogram<double> _ackDuration;
    private readonly Histogram<int> _commitBatchSize;
    private readonly Counter<long> _dispatched;
    private readonly Counter<long> _backfilled;
    private readonly Counter<long> _deliveryFailures;
    private readonly Counter<long> _missed;
    private readonly Histogram<double> _dispatchLag;

    public HookRelayMetrics(IMeterFactory meterFactory, TimeProvider? timeProvider = null)
    {
        Recent = new RecentDeliveries(timeProvider ?? TimeProvider.System);
        var meter = meterFactory.Create(MeterName);
        _deliveries = meter.CreateCounter<long>("hookrelay.deliveries", description: "Requests to /hooks/{name}, by outcome and status code.");
        _eventsStored = meter.CreateCounter<long>("hookrelay.events.stored", description: "Events newly committed to the store.");
        _eventsDuplicate = meter.CreateCounter<long>("hookrelay.events.duplicate", description: "Events pushed again (same uuid or envelope eventId) and not stored twice; a push that arrives after reconciliation read the event is not counted.");
        _authFailures = meter.CreateCounter<long>("hookrelay.auth.failures", description: "Requests rejected for a missing or wrong secret.");
        _commitFailures = meter.CreateCounter<long>("hookrelay.commit.failures", description: "Group commits that failed; their requests were answered 503.");
        _ackDuration = meter.CreateHistogram(
            "hookrelay.ack.duration",
            unit: "s",
            description: "Time from request start to the response, commit included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3] });
        _commitBatchSize = meter.CreateHistogram(
            "hookrelay.commit.batch_size",
            unit: "{delivery}",
            description: "Writes (deliveries, dispatch outcomes, readiness probes) that shared one commit (group commit).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096] });
        _backfilled = meter.CreateCounter<long>("hookrelay.reconcile.backfilled", description: "Events read from the System Log that no push had delivered, by org.");
        _deliveryFailures = meter.CreateCounter<long>("hookrelay.okta.delivery_failures", description: "event_hook.delivery failures Okta logged in the System Log, by org.");
        _missed = meter.CreateCounter<long>("hookrelay.okta.missed_events", description: "Events Okta did not push within the grace window (recovered from the System Log), by org and event type.");
        _dispatched = meter.CreateCounter<long>("hookrelay.dispatch.items", description: "Work items settled by sink attempts, by sink and outcome.");
        _dispatchLag = meter.CreateHistogram(
            "hookrelay.dispatch.lag",
            unit: "s",
            description: "From receipt of an event to its delivery at a sink.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600] });
    }

    public void DeliveryFailures(string org, int failures) => _deliveryFailures.Add(failures, new KeyValuePair<string, object?>("org", org));

    public void Missed(string org, string eventType, long events) =>
        _missed.Add(events, new KeyValuePair<string, object?>("org", org), new KeyValuePair<string, object?>("event_type", eventType));

    public void Backfilled(string org, int events) => _backfilled.Add(events, new KeyValuePair<string, object?>("org", org));

    /// <summary>Items a sink attempt settled, by outcome (delivered, retry, dead).</summary>
    public void Dispatched(string sink, string outcome, int items) =>
        _dispatched.Add(items, new("sink", sink), new("outcome", outcome));

    /// <summary>Receipt to delivery at the sink, per event.</summary>
    public void DispatchLag(string sink, TimeSpan lag) =>
        _dispatchLag.Record(lag.TotalSeconds, new KeyValuePair<string, object?>("sink", sink));

    /// <summary>The last deliveries answered, for the dashboard.</summary>
    public RecentDeliveries Recent { get; }

    public void Delivery(string hook, string outcome, int statusCode, TimeSpan elapsed)
    {
        Recent.Answered(elapsed);
        var tags = new TagList { { "hook", hook }, { "outcome", outcome }, { "status_code", statusCode } };
        _deliveries.Add(1, tags);
        _ackDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("hook", hook));
    }

    /// <summary>A pushed delivery's <paramref name="events"/> were appended: <paramref name="stored"/> new, <paramref name="duplicates"/> pushed before.</summary>
    public void EventsAppended(string hook, int events, int stored, int duplicates)
    {
        Recent.Received(events, duplicates);
        var tag = new KeyValuePair<string, object?>("hook", hook);
        if (stored > 0)
        {
            _eventsStored.Add(stored, tag);
        }

        if (duplicates > 0)
        {
            _eventsDuplicate.Add(duplicates, tag);
        }
    }

    public void AuthFailed(string hook, string reason) =>
        _authFailures.Add(1, new("hook", hook), new("reason", reason));

    public void RecordCommit(int deliveries) => _commitBatchSize.Record(deliveries);

    public void CommitFailed() => _commitFailures.Add(1);
}

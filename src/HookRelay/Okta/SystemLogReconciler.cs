using System.Text;
using HookRelay.Operations;
using HookRelay.Pipeline;
using HookRelay.Receiver;
using HookRelay.Storage;

namespace HookRelay.Okta;

/// <summary>
/// Reads an org's System Log from its stored cursor and feeds every event through the same
/// idempotent append as Okta's deliveries: an event already pushed only gains the "pull" mark; one
/// Okta never delivered is stored, routed and dispatched like any other.
/// </summary>
internal sealed partial class SystemLogReconciler(
    IEventStore store,
    ICursorStore cursors,
    EventRouter router,
    DispatchSignal dispatch,
    HookRelayMetrics metrics,
    TimeProvider timeProvider,
    ILogger<SystemLogReconciler> logger)
{
    /// <summary>Pages per pass: one pass never holds the rate limit for long.</summary>
    public const int MaxPagesPerPass = 20;

    public async Task<ReconcileResult> RunOnceAsync(string org, OktaOrgOptions options, OktaApiClient client, CancellationToken cancellationToken)
    {
        var url = cursors.LoadCursor(org)
            ?? OktaApiClient.PollingLogsUrl(new Uri(options.Domain), timeProvider.GetUtcNow() - options.Reconcile.InitialLookback, options.Reconcile.EventTypes);
        var hook = options.Hooks.Count > 0 ? options.Hooks[0] : org;
        var result = new ReconcileResult(0, 0);
        for (var page = 0; page < MaxPagesPerPass; page++)
        {
            var read = await client.GetLogPageAsync(url, cancellationToken);
            if (read.Events.Count > 0)
            {
                result += await AppendAsync(org, hook, read.Events, cancellationToken);
            }

            if (read.Next is null)
            {
                break;
            }

            // The cursor moves only after the page is committed: a crash re-reads, never skips.
            await cursors.SaveCursorAsync(org, read.Next, cancellationToken);
            url = read.Next;
            if (read.Events.Count == 0)
            {
                break;
            }
        }

        if (result.Backfilled > 0)
        {
            LogBackfilled(logger, org, result.Backfilled, result.Pulled);
            metrics.Backfilled(org, result.Backfilled);
            dispatch.Notify();
        }

        return result;
    }

    /// <summary>Stores a page of System Log events as pulled: new ones are routed and dispatched, known ones marked.</summary>
    public async Task<ReconcileResult> AppendAsync(string org, string hook, IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        // The page's events in the same shape as a delivery, so one parser slices and keys them.
        var body = Encoding.UTF8.GetBytes("{\"source\":\"okta-system-log:" + org + "\",\"data\":{\"events\":[" + string.Join(',', events) + "]}}");
        var parsed = DeliveryParser.Parse(hook, body, timeProvider.GetUtcNow());
        if (parsed.Delivery is not { } delivery)
        {
            throw new InvalidOperationException($"Okta's System Log page for {org} could not be read: {parsed.Error}");
        }

        var appended = await store.AppendAsync(router.Route(delivery with { Provenance = Provenance.Pull }), cancellationToken);
        return new ReconcileResult(events.Count, appended.StoredEvents);
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Reconciliation of org {Org} backfilled {Backfilled} of {Pulled} events Okta had not delivered")]
    private static partial void LogBackfilled(ILogger logger, string org, int backfilled, int pulled);
}

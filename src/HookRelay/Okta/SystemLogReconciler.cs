using System.Text;
using System.Text.Json;
using HookRelay.Operations;
using HookRelay.Pipeline;
using HookRelay.Receiver;
using HookRelay.Storage;

namespace HookRelay.Okta;

/// <summary>
/// Reads an org's System Log from its stored cursor and feeds every event through the same
/// idempotent append as Okta's deliveries: an event already pushed only gains the "pull" mark; one
/// Okta never delivered is stored, routed and dispatched like any other. Okta's own
/// <c>event_hook.*</c> events are never hook-eligible and are not stored (failures are
/// <see cref="DeliveryFailureWatcher"/>'s).
/// </summary>
internal sealed partial class SystemLogReconciler(
    IEventStore store,
    IOktaStateStore state,
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
        var passStarted = timeProvider.GetUtcNow();
        var url = ResumeUrl(org, options, passStarted);
        var hook = PulledHook(org, options);
        var result = new ReconcileResult(0, 0);
        for (var page = 0; page < MaxPagesPerPass; page++)
        {
            var read = await client.GetLogPageAsync(url, cancellationToken);
            var position = read.Events.Count > 0 ? await AppendPageAsync(org, hook, read.Events, cancellationToken) : default;
            result += position.Result;
            if (read.Next is null)
            {
                result = result with { ReachedEnd = true };
                break;
            }

            // The cursor moves only after the page is committed: a crash re-reads, never skips.
            await state.SaveCursorAsync(org, read.Next, position.LastPublished, cancellationToken);
            url = read.Next;
            if (read.Events.Count == 0)
            {
                result = result with { ReachedEnd = true };
                break;
            }
        }

        if (result.ReachedEnd)
        {
            await state.MarkCaughtUpAsync(org, passStarted, cancellationToken);
        }

        if (result.Backfilled > 0)
        {
            LogBackfilled(logger, org, result.Backfilled, result.Pulled);
            metrics.Backfilled(org, result.Backfilled);
            dispatch.Notify();
        }

        return result;
    }

    /// <summary>
    /// The stored cursor, unless the settings changed under it: Okta's next link carries the
    /// domain and the type filter it was first built with, so a cursor from other settings would
    /// read the old types forever. Then reading starts afresh from where the old cursor stood.
    /// </summary>
    private Uri ResumeUrl(string org, OktaOrgOptions options, DateTimeOffset now)
    {
        var domain = new Uri(options.Domain);
        var fresh = OktaApiClient.PollingLogsUrl(domain, now - options.Reconcile.InitialLookback, options.Reconcile.EventTypes);
        if (state.LoadCursor(org) is not { } stored)
        {
            return fresh;
        }

        if (string.Equals(stored.Authority, domain.Authority, StringComparison.OrdinalIgnoreCase) && Filter(stored) == Filter(fresh))
        {
            return stored;
        }

        var from = state.LoadPosition(org) ?? now - options.Reconcile.InitialLookback;
        LogSettingsChanged(logger, org, from);
        return OktaApiClient.PollingLogsUrl(domain, from, options.Reconcile.EventTypes);
    }

    private static string? Filter(Uri url) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query).TryGetValue("filter", out var filter) ? filter.ToString() : null;

    /// <summary>The hook pulled events are stored under: the org's first, or the org's name.</summary>
    public static string PulledHook(string org, OktaOrgOptions options) => options.Hooks.Count > 0 ? options.Hooks[0] : org;

    /// <summary>
    /// Reads the org's System Log between <paramref name="since"/> and <paramref name="until"/> page by
    /// page (a backfill: no cursor is saved); <paramref name="onPage"/> stores or only inspects each
    /// page and says what it found; <paramref name="progress"/> hears the running total.
    /// </summary>
    public static async Task<ReconcileResult> ReadWindowAsync(
        OktaOrgOptions options,
        OktaApiClient client,
        DateTimeOffset since,
        DateTimeOffset until,
        Func<SystemLogPage, Task<ReconcileResult>> onPage,
        Action<ReconcileResult>? progress,
        CancellationToken cancellationToken)
    {
        var total = new ReconcileResult(0, 0);
        for (Uri? next = OktaApiClient.BoundedLogsUrl(new Uri(options.Domain), since, until, options.Reconcile.EventTypes); next is not null;)
        {
            var page = await client.GetLogPageAsync(next, cancellationToken);
            total += await onPage(page);
            progress?.Invoke(total);
            next = page.Next;
        }

        return total;
    }

    /// <summary>Stores a page of System Log events as pulled: new ones are routed and dispatched, known ones marked.</summary>
    public async Task<ReconcileResult> AppendAsync(string org, string hook, IReadOnlyList<string> events, CancellationToken cancellationToken) =>
        (await AppendPageAsync(org, hook, events, cancellationToken)).Result;

    private async Task<(ReconcileResult Result, DateTimeOffset? LastPublished)> AppendPageAsync(string org, string hook, IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        var eligible = Eligible(events);
        var stored = 0;
        DateTimeOffset? lastPublished = null;
        if (eligible.Count > 0)
        {
            // The page's events in the same shape as a delivery, so one parser slices and keys them.
            var body = Encoding.UTF8.GetBytes("{\"source\":\"okta-system-log:" + org + "\",\"data\":{\"events\":[" + string.Join(',', eligible) + "]}}");
            var parsed = DeliveryParser.Parse(hook, body, timeProvider.GetUtcNow());
            if (parsed.Delivery is not { } delivery)
            {
                throw new InvalidOperationException($"Okta's System Log page for {org} could not be read: {parsed.Error}");
            }

            stored = (await store.AppendAsync(router.Route(delivery with { Provenance = Provenance.Pull }), cancellationToken)).StoredEvents;
            lastPublished = delivery.Events.Max(e => e.PublishedAt);
        }

        return (new ReconcileResult(events.Count, stored), lastPublished);
    }

    /// <summary>The events to store: all but Okta's <c>event_hook.*</c> bookkeeping, which no hook can subscribe to.</summary>
    private static List<string> Eligible(IReadOnlyList<string> events)
    {
        var eligible = new List<string>(events.Count);
        foreach (var json in events)
        {
            if (!DeliveryFailureEvents.MayBeHookEvent(json))
            {
                eligible.Add(json);
                continue;
            }

            using var document = JsonDocument.Parse(json);
            if (DeliveryFailureEvents.HookEventType(document.RootElement) is null)
            {
                eligible.Add(json);
            }
        }

        return eligible;
    }

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Org {Org}'s domain or Reconcile:EventTypes changed since its System Log cursor was stored; reading afresh from {From} with the new settings (events of newly added types published before that: hookrelay reconcile --org --since)")]
    private static partial void LogSettingsChanged(ILogger logger, string org, DateTimeOffset from);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Reconciliation of org {Org} backfilled {Backfilled} of {Pulled} events Okta had not delivered")]
    private static partial void LogBackfilled(ILogger logger, string org, int backfilled, int pulled);
}

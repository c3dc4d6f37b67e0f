using HookRelay.Admin;
using HookRelay.Okta;
using HookRelay.Operations;
using HookRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HookRelay.Dashboard;

/// <summary><c>GET /api/v1/overview</c>: what the dashboard's first page shows, in one request.</summary>
internal static class OverviewEndpoint
{
    private const int Minutes = 60;
    private static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapOverviewEndpoint(this RouteGroupBuilder api)
    {
        api.MapGet("/overview", Overview).WithSummary("Events received and delivered per minute (last hour), events missed by push and recovered (published in the last 24 h, all orgs), acknowledgement p99 and duplicates (last 5 minutes, this instance), sinks and Okta orgs.");
        return api;
    }

    internal static Ok<OverviewResponse> Overview(
        IOverviewReader reader, IOktaStatusReader oktaReader, IDispatchAdmin admin, ConfiguredSinks configured, HookRelayMetrics metrics,
        OktaMonitor okta, IOptions<OktaOptions> orgs, TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        var store = reader.Overview(now, Minutes);
        var recent = metrics.Recent.Summarize(RecentWindow);
        // The Okta page's "in the last 24 h" figures, summed: the two pages never disagree.
        var recovered = orgs.Value.Orgs.Sum(o => oktaReader.MissedLastDay(OktaMonitor.OrgHooks(o.Key, o.Value), o.Value.Reconcile.GraceWindow, now));
        return TypedResults.Ok(new OverviewResponse(
            store.Minutes,
            recovered,
            new RecentResponse(recent.Deliveries, recent.AckP99?.TotalMilliseconds, recent.Events, recent.DuplicateEvents),
            Backlog(admin, configured),
            [.. okta.Health.Select(h => new OrgProblems(h.Org, h.Problems, h.ReconciledUpTo))]));
    }

    private static List<SinkBacklog> Backlog(IDispatchAdmin admin, ConfiguredSinks configured)
    {
        // Sink names are matched without regard to case, as routes match them.
        var stored = admin.Backlog().GroupBy(s => s.Sink, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return
        [
            .. configured.Names.Select(name => stored.GetValueOrDefault(name) ?? new SinkBacklog(name, 0, 0, 0, 0, null, null)),
            .. stored.Values.Where(s => configured.Find(s.Sink) is null),
        ];
    }
}

/// <param name="Minutes">Oldest first, one per minute of the last hour.</param>
/// <param name="RecoveredLastDay">Events Okta never pushed within the grace window and HookRelay read from the System Log, published in the last 24 hours, over all orgs.</param>
/// <param name="Sinks">Configured sinks first (idle ones too), then any the store still holds work for.</param>
internal sealed record OverviewResponse(
    IReadOnlyList<MinuteFlow> Minutes,
    long RecoveredLastDay,
    RecentResponse Recent,
    IReadOnlyList<SinkBacklog> Sinks,
    IReadOnlyList<OrgProblems> Orgs);

/// <summary>This instance's last five minutes: deliveries answered, their p99 in milliseconds, events pushed, and those of them Okta had pushed before.</summary>
internal sealed record RecentResponse(int Deliveries, double? AckP99Ms, long Events, long DuplicateEvents);

internal sealed record OrgProblems(string Org, IReadOnlyList<string> Problems, DateTimeOffset? ReconciledUpTo);

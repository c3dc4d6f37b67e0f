using HookRelay.Admin;
using HookRelay.Okta;
using HookRelay.Operations;
using HookRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HookRelay.Dashboard;

/// <summary><c>GET /api/v1/overview</c>: what the dashboard's first page shows, in one request.</summary>
internal static class OverviewEndpoint
{
    private const int Minutes = 60;
    private static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapOverviewEndpoint(this RouteGroupBuilder api)
    {
        api.MapGet("/overview", Overview).WithSummary("Events received and delivered per minute (last hour), the day's recovered events, acknowledgement p99 and duplicates (last 5 minutes, this instance), sinks and Okta orgs.");
        return api;
    }

    internal static Ok<OverviewResponse> Overview(
        IOverviewReader reader, IDispatchAdmin admin, ConfiguredSinks configured, HookRelayMetrics metrics, OktaMonitor okta, TimeProvider timeProvider)
    {
        var store = reader.Overview(timeProvider.GetUtcNow(), Minutes);
        var recent = metrics.Recent.Summarize(RecentWindow);
        return TypedResults.Ok(new OverviewResponse(
            store.Minutes,
            store.RecoveredLastDay,
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

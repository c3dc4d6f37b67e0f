using System.Text.Json;
using HookRelay.Okta;
using HookRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HookRelay.Admin;

/// <summary><c>/api/v1/okta</c>: per configured org, hook and credential health, reconciliation and delivery failures.</summary>
internal static class OktaEndpoints
{
    public static RouteGroupBuilder MapOktaEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/okta", Orgs).WithSummary("Per configured Okta org: saved health, reconciliation status, Okta's delivery failures of the last 24 h and the running or last backfill.");
        return api;
    }

    internal static Ok<List<OktaOrgReport>> Orgs(IOptions<OktaOptions> okta, IOktaStatusReader reader, BackfillJobs backfills, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var saved = reader.OrgHealth();
        var reports = new List<OktaOrgReport>();
        foreach (var (org, settings) in okta.Value.Orgs.OrderBy(o => o.Key, StringComparer.OrdinalIgnoreCase))
        {
            var health = saved.TryGetValue(org, out var json) ? JsonSerializer.Deserialize(json, OktaJsonContext.Default.OktaOrgHealth) : null;
            var report = reader.Report(org, OktaMonitor.OrgHooks(org, settings), settings.Reconcile.GraceWindow, now);
            reports.Add(new OktaOrgReport(org, health, report, reader.DeliveryFailures(org, now - TimeSpan.FromHours(24)), backfills.Latest(org)));
        }

        return TypedResults.Ok(reports);
    }
}

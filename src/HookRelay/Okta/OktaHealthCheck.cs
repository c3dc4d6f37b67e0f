using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HookRelay.Okta;

/// <summary>
/// Degraded, not unhealthy, when an org has a problem: the receiver still stores what arrives, so a
/// load balancer must keep sending; the description says what is wrong and where.
/// </summary>
internal sealed class OktaHealthCheck(OktaMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = monitor.Health.SelectMany(h => h.Problems.Select(p => $"{h.Org}: {p}")).ToList();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy(monitor.Health.Count == 0 ? "no Okta org assessed yet" : $"{monitor.Health.Count} org(s) fine")
            : HealthCheckResult.Degraded(string.Join("; ", problems)));
    }
}

using HookRelay.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HookRelay.Operations;

/// <summary>Ready only while the store commits: a probe row goes through the same group commit as events.</summary>
internal sealed class StoreHealthCheck(IEventStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = await store.CheckWritableAsync(cancellationToken);
        return health.IsWritable ? HealthCheckResult.Healthy(health.Description) : HealthCheckResult.Unhealthy(health.Description);
    }
}

using HookRelay.Simulator.Generation;

namespace HookRelay.Simulator.Delivery;

internal static class SimulatedDeliveryExtensions
{
    /// <summary>The org's own activity and its event hook deliveries.</summary>
    public static IServiceCollection AddSimulatedDelivery(this IServiceCollection services)
    {
        services.AddSingleton<SimulatedDeliveryTargets>();
        services.AddSingleton<SimulatedDeliveryStats>();
        services.AddHostedService<SimulatedTraffic>();
        services.AddHostedService<SimulatedDeliveryService>();
        services.AddHostedService<EventHookTargetSync>();
        return services;
    }
}

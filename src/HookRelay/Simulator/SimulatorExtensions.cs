using HookRelay.Simulator.Delivery;
using Microsoft.Extensions.Options;

namespace HookRelay.Simulator;

internal static class SimulatorExtensions
{
    public static IServiceCollection AddOktaSimulator(this IServiceCollection services, Action<SimulatorOptions> configure)
    {
        services.AddOptions<SimulatorOptions>().Configure(configure);
        services.AddSingleton<SimulatedSystemLog>();
        services.AddSingleton<SimulatedAuthorization>();
        services.AddSingleton<SimulatedEventHooks>();
        services.AddSingleton<EventHookVerifier>();
        services.AddHttpClient(EventHookVerifier.ClientName).ConfigurePrimaryHttpMessageHandler(EventHookVerifier.Handler);
        services.AddSingleton<SimulatedOAuth>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            return new SimulatedRateLimit(options.LogsRequestsPerWindow, options.RateLimitWindow, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSimulatedDelivery();
        return services;
    }
}

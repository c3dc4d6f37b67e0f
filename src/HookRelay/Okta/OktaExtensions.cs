using Microsoft.Extensions.Options;

namespace HookRelay.Okta;

internal static class OktaExtensions
{
    public static IServiceCollection AddOkta(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OktaOptions>().Configure(o => configuration.GetSection(OktaOptions.SectionName).Bind(o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OktaOptions>, OktaOptionsValidator>();
        services.AddHttpClient("okta", client => client.Timeout = TimeSpan.FromSeconds(60));
        services.AddSingleton<OktaClients>();
        services.AddSingleton<SystemLogReconciler>();
        services.AddSingleton<DeliveryFailureWatcher>();
        services.AddHostedService<ReconcileService>();
        services.AddSingleton<OktaMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<OktaMonitor>());
        services.AddHostedService<HookHealthService>();
        services.AddHealthChecks().AddCheck<OktaHealthCheck>("okta", tags: [Operations.OperationsExtensions.ReadyTag]);
        return services;
    }
}

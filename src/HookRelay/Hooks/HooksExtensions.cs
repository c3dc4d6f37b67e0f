using Microsoft.Extensions.Options;

namespace HookRelay.Hooks;

internal static class HooksExtensions
{
    public static IServiceCollection AddHooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HooksOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<HooksOptions>>(new HooksBinder(configuration));
        services.AddSingleton<IPostConfigureOptions<HooksOptions>, HookDefaultsSetup>();
        services.AddSingleton<IValidateOptions<HooksOptions>, HooksOptionsValidator>();
        services.AddSingleton<GeneratedSecretStore>();
        services.AddSingleton<HookRegistry>();
        services.AddSingleton<SecretRotationStore>();
        services.AddSingleton<HookSecretRotations>();
        services.AddHostedService<SecretRotationWatcher>();
        services.AddHostedService<RegistrationBanner>();
        return services;
    }
}

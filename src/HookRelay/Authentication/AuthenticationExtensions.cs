namespace HookRelay.Authentication;

internal static class AuthenticationExtensions
{
    public static IServiceCollection AddHookAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<AuthFailureLog>();
        services.AddSingleton<HookAuthenticator>();
        return services;
    }
}

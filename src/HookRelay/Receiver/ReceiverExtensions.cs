namespace HookRelay.Receiver;

internal static class ReceiverExtensions
{
    public static IServiceCollection AddReceiver(this IServiceCollection services)
    {
        services.AddSingleton<ReceiverLog>();
        services.AddSingleton<ReceiverContext>();
        return services;
    }
}

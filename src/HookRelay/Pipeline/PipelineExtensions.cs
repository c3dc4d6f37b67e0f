using Microsoft.Extensions.Options;

namespace HookRelay.Pipeline;

internal static class PipelineExtensions
{
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<PipelineOptions>, PipelineDefaultsSetup>();
        services.AddSingleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>();
        services.AddSingleton<EventRouter>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<SinkFactory>();
        services.AddSingleton<SinkWorkers>();
        services.AddHostedService<DispatchService>();
        return services;
    }
}

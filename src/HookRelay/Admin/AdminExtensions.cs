using HookRelay.Dashboard;
using Microsoft.Extensions.Options;

namespace HookRelay.Admin;

internal static class AdminExtensions
{
    public const string ApiPrefix = "/api/v1";

    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<AdminAccessPolicy>();
        services.AddSingleton<ConfiguredSinks>();
        services.AddSingleton<EventBroadcaster>();
        services.AddSingleton<BackfillJobs>();
        services.AddSingleton<PageRenderer>();
        services.AddHostedService<AdminAccessNotice>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default));
        services.AddOpenApi(AdminOpenApi.Configure);
        return services;
    }

    /// <summary>Maps <c>/api/v1/*</c> and <c>/openapi/v1.json</c>, both behind <see cref="AdminAccessFilter"/>.</summary>
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(ApiPrefix).AddEndpointFilter<AdminAccessFilter>().AddEndpointFilter<StoreFaultFilter>().WithTags("admin");
        api.MapEventEndpoints()
            .MapSinkEndpoints()
            .MapOktaEndpoints()
            .MapStreamEndpoints()
            .MapOverviewEndpoint()
            .MapOktaBackfillEndpoint();
        app.MapGroup(string.Empty).AddEndpointFilter<AdminAccessFilter>().MapOpenApi();
        app.MapDashboard();
        return app;
    }
}

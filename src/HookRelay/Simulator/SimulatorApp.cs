namespace HookRelay.Simulator;

/// <summary>A simulated Okta org's API on Kestrel: the stand-in for Okta in tests and demos.</summary>
internal static class SimulatorApp
{
    public static WebApplication Build(string urls, Action<SimulatorOptions> configure, TimeProvider? timeProvider = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);
        builder.Services.AddOktaSimulator(configure);
        var app = builder.Build();
        app.MapSimulatedSystemLog();
        app.MapSimulatedEventHooks();
        app.MapSimulatedOAuth();
        return app;
    }
}

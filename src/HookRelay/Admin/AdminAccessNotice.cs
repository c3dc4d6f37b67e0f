namespace HookRelay.Admin;

/// <summary>Says at start who the admin API answers, so an operator knows without reading the configuration.</summary>
internal sealed partial class AdminAccessNotice(AdminAccessPolicy policy, ILogger<AdminAccessNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (policy.RequiresToken)
        {
            TokenRequired(logger);
        }
        else
        {
            LoopbackOnly(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Admin API (/api/v1) requires a bearer token from Admin:Tokens; the dashboard signs in with one at /login")]
    private static partial void TokenRequired(ILogger logger);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Admin API (/api/v1) and dashboard answer loopback clients only: Admin:Tokens is not set; set it to use them from another machine")]
    private static partial void LoopbackOnly(ILogger logger);
}

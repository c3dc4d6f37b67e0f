using Microsoft.Extensions.Options;

namespace HookRelay.Okta;

/// <summary>Runs reconciliation for each enabled org on its interval, for the life of the server.</summary>
internal sealed partial class ReconcileService(
    IOptions<OktaOptions> options,
    SystemLogReconciler reconciler,
    OktaClients clients,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Orgs.Where(o => o.Value.Reconcile.Enabled).Select(o => RunAsync(o.Key, o.Value, stoppingToken)));

    private async Task RunAsync(string org, OktaOrgOptions settings, CancellationToken stoppingToken)
    {
        var client = clients.For(org);
        var logger = loggerFactory.CreateLogger<ReconcileService>();
        using var timer = new PeriodicTimer(settings.Reconcile.Interval, timeProvider);
        do
        {
            try
            {
                // Behind (the pass hit its page limit) or Okta just logged a failed delivery: read on
                // now instead of waiting an interval; the client's rate budget still paces it.
                ReconcileResult result;
                do
                {
                    result = await reconciler.RunOnceAsync(org, settings, client, stoppingToken);
                }
                while (!result.ReachedEnd || result.DeliveryFailures > 0);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One failed pass (Okta down, token expired) must not end reconciliation; it is logged and retried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(logger, org, ex.Message);
            }
        }
        while (await timer.TickAsync(stoppingToken));
    }


    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Reconciliation of org {Org} failed; it is tried again next interval: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string org, string reason);
}

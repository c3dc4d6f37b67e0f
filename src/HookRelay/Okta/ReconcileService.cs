using HookRelay.Hosting;
using HookRelay.Storage;
using Microsoft.Extensions.Options;

namespace HookRelay.Okta;

/// <summary>
/// Runs reconciliation for each enabled org on its interval (sooner after a failed delivery), for
/// the life of the server. Instances sharing a store take turns: one holds each org's lock, and
/// with it the org's reconciliation, missed-event counting and saved health report.
/// </summary>
internal sealed partial class ReconcileService(
    IOptions<OktaOptions> options,
    SystemLogReconciler reconciler,
    DeliveryFailureWatcher watcher,
    OktaMonitor monitor,
    OktaClients clients,
    ISingletonLocks locks,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : HostedLoop
{
    /// <summary>The singleton lock under which an instance does an org's Okta work.</summary>
    public static string OrgLock(string org) => "okta:" + org;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Orgs.Select(o => RunOrgAsync(o.Key, o.Value, stoppingToken)));

    private async Task RunOrgAsync(string org, OktaOrgOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken held;
            try
            {
                held = await locks.AcquireAsync(OrgLock(org), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            // Stops when the server stops or the lock is lost (then waits to hold it again).
            using var holding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, held);
            await RunHeldAsync(org, settings, holding.Token);
        }
    }

    private async Task RunHeldAsync(string org, OktaOrgOptions settings, CancellationToken stoppingToken)
    {
        if (!settings.Reconcile.Enabled)
        {
            // Nothing to reconcile, but the lock still decides which instance counts and reports the org.
            await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        using var trigger = new ReconcileTrigger(timeProvider);
        var failures = settings.Reconcile.FailureCheckInterval > TimeSpan.Zero
            ? WatchFailuresAsync(org, settings, trigger, stoppingToken)
            : Task.CompletedTask;
        await ReconcileAsync(org, settings, trigger, stoppingToken);
        await failures;
    }

    private async Task ReconcileAsync(string org, OktaOrgOptions settings, ReconcileTrigger trigger, CancellationToken stoppingToken)
    {
        var logger = loggerFactory.CreateLogger<ReconcileService>();
        do
        {
            try
            {
                var client = clients.For(org);

                // Behind (the pass hit its page limit): read on now instead of waiting an interval;
                // the client's rate budget still paces it.
                ReconcileResult result;
                do
                {
                    result = await reconciler.RunOnceAsync(org, settings, client, stoppingToken);
                }
                while (!result.ReachedEnd);
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
        while (await trigger.WaitAsync(settings.Reconcile.Interval, stoppingToken));
    }

    /// <summary>Okta logged a failed delivery: the events it carried are missing now, so reconcile now.</summary>
    private async Task WatchFailuresAsync(string org, OktaOrgOptions settings, ReconcileTrigger trigger, CancellationToken stoppingToken)
    {
        var logger = loggerFactory.CreateLogger<ReconcileService>();
        using var timer = new PeriodicTimer(settings.Reconcile.FailureCheckInterval, timeProvider);
        do
        {
            try
            {
                // Failures of the org's other event hooks are recorded, but only HookRelay's own mean events are missing here.
                var failures = await watcher.CheckAsync(org, settings, clients.For(org), stoppingToken);
                if (failures.Any(f => monitor.DeliversToRelay(org, f.HookId)))
                {
                    trigger.Request();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Same as a failed pass: logged, tried again next interval.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailureCheckFailed(logger, org, ex.Message);
            }
        }
        while (await timer.TickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 6104, Level = LogLevel.Error, Message = "Reading Okta's delivery failures for org {Org} failed; tried again next interval: {Reason}")]
    private static partial void LogFailureCheckFailed(ILogger logger, string org, string reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Reconciliation of org {Org} failed; it is tried again next interval: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string org, string reason);
}

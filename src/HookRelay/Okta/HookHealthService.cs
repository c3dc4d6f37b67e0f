using HookRelay.Hosting;
using HookRelay.Okta.EventHooks;
using Microsoft.Extensions.Options;

namespace HookRelay.Okta;

/// <summary>Reads each org's event hooks from <c>/api/v1/eventHooks</c> on an interval and hands the verdict to <see cref="OktaMonitor"/>.</summary>
internal sealed class HookHealthService(IOptions<OktaOptions> options, OktaClients clients, OktaMonitor monitor, TimeProvider timeProvider) : HostedLoop
{
    /// <summary>
    /// How soon an org whose hooks had a problem is checked again (sooner than its HookCheckInterval):
    /// a fix, such as creating or verifying the hook, should turn the dashboard green in seconds, not
    /// a minute later. Four /eventHooks requests a minute at most, while the problem lasts.
    /// </summary>
    public static readonly TimeSpan ProblemRecheck = TimeSpan.FromSeconds(15);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Orgs.Where(o => o.Value.Hooks.Count > 0 && o.Value.HookCheckInterval > TimeSpan.Zero)
            .Select(o => RunAsync(o.Key, o.Value, stoppingToken)));

    private async Task RunAsync(string org, OktaOrgOptions settings, CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var healthy = await CheckAsync(org, settings, stoppingToken);
                var wait = healthy || settings.HookCheckInterval < ProblemRecheck ? settings.HookCheckInterval : ProblemRecheck;
                await Task.Delay(wait, timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Checks the org's hooks once and reports what it found; true when nothing is wrong.</summary>
    private async Task<bool> CheckAsync(string org, OktaOrgOptions settings, CancellationToken stoppingToken)
    {
        try
        {
            var api = new EventHooksApi(clients.For(org), new Uri(settings.Domain));
            var hooks = await api.ListAsync(stoppingToken);
            var problems = HookHealth.Problems(settings.Hooks, hooks);
            monitor.ReportHooks(org, problems, HookHealth.Delivering(settings.Hooks, hooks));
            return problems.Count == 0;
        }
        catch (Exception ex) when (ex is OktaApiException or HttpRequestException or System.Text.Json.JsonException
            || (ex is TaskCanceledException && !stoppingToken.IsCancellationRequested))
        {
            monitor.ReportHooks(org, [$"could not read the org's event hooks: {ex.Message}"], null);
            return false;
        }
    }
}

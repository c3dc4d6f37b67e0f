using HookRelay.Hosting;
using HookRelay.Okta.EventHooks;
using Microsoft.Extensions.Options;

namespace HookRelay.Okta;

/// <summary>Reads each org's event hooks from <c>/api/v1/eventHooks</c> on an interval and hands the verdict to <see cref="OktaMonitor"/>.</summary>
internal sealed class HookHealthService(IOptions<OktaOptions> options, OktaClients clients, OktaMonitor monitor, TimeProvider timeProvider) : HostedLoop
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Orgs.Where(o => o.Value.Hooks.Count > 0 && o.Value.HookCheckInterval > TimeSpan.Zero)
            .Select(o => RunAsync(o.Key, o.Value, stoppingToken)));

    private async Task RunAsync(string org, OktaOrgOptions settings, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.HookCheckInterval, timeProvider);
        do
        {
            try
            {
                var api = new EventHooksApi(clients.For(org), new Uri(settings.Domain));
                var hooks = await api.ListAsync(stoppingToken);
                monitor.ReportHooks(org, HookHealth.Problems(settings.Hooks, hooks), HookHealth.Delivering(settings.Hooks, hooks));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is OktaApiException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                monitor.ReportHooks(org, [$"could not read the org's event hooks: {ex.Message}"], null);
            }
        }
        while (await timer.TickAsync(stoppingToken));
    }
}

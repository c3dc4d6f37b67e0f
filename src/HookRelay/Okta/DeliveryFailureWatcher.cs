using System.Text.Json;
using HookRelay.Operations;
using HookRelay.Storage;

namespace HookRelay.Okta;

/// <summary>
/// Polls an org's System Log for <c>event_hook.delivery</c> — Okta's record of a delivery it gave
/// up on — more often than reconciliation runs, keeps each failure, and says so. Its cursor is kept
/// apart from reconciliation's, under <c>{org}:failures</c>.
/// </summary>
internal sealed partial class DeliveryFailureWatcher(IOktaStateStore state, HookRelayMetrics metrics, TimeProvider timeProvider, ILogger<DeliveryFailureWatcher> logger)
{
    private const int MaxPagesPerCheck = 5;

    public static string CursorKey(string org) => org + ":failures";

    /// <summary>Reads new failures and returns them.</summary>
    public async Task<IReadOnlyList<OktaDeliveryFailure>> CheckAsync(string org, OktaOrgOptions settings, OktaApiClient client, CancellationToken cancellationToken)
    {
        var url = state.LoadCursor(CursorKey(org))
            ?? OktaApiClient.PollingLogsUrl(new Uri(settings.Domain), timeProvider.GetUtcNow() - settings.Reconcile.InitialLookback, [DeliveryFailureEvents.DeliveryType]);
        var found = new List<OktaDeliveryFailure>();
        for (var page = 0; page < MaxPagesPerCheck; page++)
        {
            var read = await client.GetLogPageAsync(url, cancellationToken);
            var failures = read.Events.Select(json => Read(org, json)).OfType<OktaDeliveryFailure>().ToList();
            if (failures.Count > 0)
            {
                await state.RecordDeliveryFailuresAsync(failures, cancellationToken);
                foreach (var failure in failures)
                {
                    LogDeliveryFailure(logger, org, failure.HookName ?? failure.HookId ?? "?", failure.Published, failure.Reason ?? "no reason given");
                }

                metrics.DeliveryFailures(org, failures.Count);
                found.AddRange(failures);
            }

            if (read.Next is null)
            {
                break;
            }

            await state.SaveCursorAsync(CursorKey(org), read.Next, null, cancellationToken);
            url = read.Next;
            if (read.Events.Count == 0)
            {
                break;
            }
        }

        return found;
    }

    private static OktaDeliveryFailure? Read(string org, string json)
    {
        using var document = JsonDocument.Parse(json);
        return DeliveryFailureEvents.ReadFailure(org, document.RootElement);
    }

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Okta logged a failed delivery for org {Org} to event hook {Hook} at {Published}: {Reason}")]
    private static partial void LogDeliveryFailure(ILogger logger, string org, string hook, DateTimeOffset published, string reason);
}

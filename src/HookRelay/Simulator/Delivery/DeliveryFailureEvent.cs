using System.Globalization;
using System.Text.Json.Nodes;
using HookRelay.Simulator.Generation;
using static HookRelay.Simulator.Generation.LogEventParts;

namespace HookRelay.Simulator.Delivery;

/// <summary>
/// The <c>event_hook.delivery</c> System Log event Okta writes when a delivery fails. Okta
/// documents no schema; this follows REFERENCE.md Appendix B, whose debugData keys are invented.
/// </summary>
internal static class DeliveryFailureEvent
{
    public const string EventType = "event_hook.delivery";

    public static GeneratedEvent Build(DeliveryTarget target, string deliveryId, IReadOnlyList<SimulatedLogEvent> events, DeliveryAttempt last, int attempts, TimeSpan timeout, DateTimeOffset published)
    {
        var uuid = Guid.NewGuid().ToString();
        var retried = attempts > 1 ? "1 retry attempted" : "no retry";
        var json = new JsonObject
        {
            ["uuid"] = uuid,
            ["published"] = Timestamp(published),
            ["eventType"] = EventType,
            ["version"] = "0",
            ["displayMessage"] = "Event hook delivery",
            ["severity"] = "WARN",
            ["client"] = new JsonObject { ["userAgent"] = null, ["zone"] = null, ["device"] = null, ["id"] = null, ["ipAddress"] = null, ["geographicalContext"] = null },
            ["device"] = null,
            ["actor"] = Actor("0oa1sYsTmPr1nC1pAl0z", "SystemPrincipal", "system@okta.com", "Okta System"),
            ["outcome"] = Outcome("FAILURE", $"Event hook delivery failed: {last.Describe(timeout)} ({retried})"),
            ["target"] = new JsonArray(Target(target.Id, "EventHook", target.Name, target.Name)),
            ["transaction"] = new JsonObject { ["type"] = "JOB", ["id"] = "eru" + deliveryId.Replace("-", string.Empty, StringComparison.Ordinal)[..20], ["detail"] = new JsonObject() },
            ["debugContext"] = new JsonObject
            {
                ["debugData"] = new JsonObject
                {
                    ["eventHookId"] = target.Id,
                    ["eventHookName"] = target.Name,
                    ["eventHookUri"] = target.Uri.ToString(),
                    ["eventHookDeliveryId"] = deliveryId,
                    ["deliveredEventIds"] = string.Join(',', events.Select(e => e.Uuid)),
                    ["httpStatusCode"] = last.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                    ["errorMessage"] = last.TimedOut ? "java.net.SocketTimeoutException: Read timed out" : last.Error ?? $"HTTP {last.StatusCode}",
                },
            },
            ["legacyEventType"] = null,
            ["authenticationContext"] = AuthenticationContext(null, null),
            ["securityContext"] = SecurityContext(null),
            ["request"] = new JsonObject { ["ipChain"] = new JsonArray() },
            ["insertionTimestamp"] = null,
        };
        return new GeneratedEvent(uuid, EventType, published, json.ToJsonString());
    }
}

using System.Text.Json;
using HookRelay.Storage;

namespace HookRelay.Okta;

/// <summary>
/// Okta's <c>event_hook.*</c> System Log events: never hook-eligible, so never stored as events.
/// <c>event_hook.delivery</c> means "hook X failed at time T"; its debugData keys are undocumented,
/// so only the target and outcome are read.
/// </summary>
internal static class DeliveryFailureEvents
{
    public const string DeliveryType = "event_hook.delivery";

    /// <summary>Cheap test on the raw JSON before any parsing: most pages have no such event.</summary>
    public static bool MayBeHookEvent(string json) => json.Contains("\"event_hook.", StringComparison.Ordinal);

    /// <summary>The event's type when it is an <c>event_hook.*</c> event, else null.</summary>
    public static string? HookEventType(JsonElement root) =>
        root.TryGetProperty("eventType", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is { } t
            && t.StartsWith("event_hook.", StringComparison.Ordinal) ? t : null;

    /// <summary>A failed delivery, or null for a successful one or another <c>event_hook.*</c> event.</summary>
    public static OktaDeliveryFailure? ReadFailure(string org, JsonElement root)
    {
        if (HookEventType(root) != DeliveryType
            || !root.TryGetProperty("uuid", out var uuid) || uuid.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("published", out var published) || !published.TryGetDateTimeOffset(out var at))
        {
            return null;
        }

        var outcome = root.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
        var result = outcome.ValueKind == JsonValueKind.Object && outcome.TryGetProperty("result", out var r) ? r.GetString() : null;
        if (string.Equals(result, "SUCCESS", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var reason = outcome.ValueKind == JsonValueKind.Object && outcome.TryGetProperty("reason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
        string? hookId = null, hookName = null;
        if (root.TryGetProperty("target", out var targets) && targets.ValueKind == JsonValueKind.Array)
        {
            foreach (var target in targets.EnumerateArray())
            {
                if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty("type", out var kind) && kind.GetString() == "EventHook")
                {
                    hookId = target.TryGetProperty("id", out var id) ? id.GetString() : null;
                    hookName = target.TryGetProperty("displayName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
                    break;
                }
            }
        }

        return new OktaDeliveryFailure(org, uuid.GetString()!, at, hookId, hookName, reason);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace HookRelay.Simulator;

/// <summary>An EventHook object as the Management API returns it: <c>authScheme.value</c> is write-only and never shown.</summary>
internal static class EventHookJson
{
    public static JsonObject Render(SimulatedEventHook hook, string orgUrl)
    {
        var definition = hook.Definition;
        var self = $"{orgUrl}/api/v1/eventHooks/{hook.Id}";
        var config = new JsonObject
        {
            ["uri"] = definition.Uri.ToString(),
            ["method"] = "POST",
            ["headers"] = new JsonArray([.. definition.Headers.Select(h => (JsonNode)new JsonObject { ["key"] = h.Key, ["value"] = h.Value })]),
            ["authScheme"] = definition.AuthKey is null ? null : new JsonObject { ["type"] = "HEADER", ["key"] = definition.AuthKey },
        };
        var links = new JsonObject
        {
            ["self"] = new JsonObject { ["href"] = self },
            ["verify"] = Lifecycle(self, "verify"),
        };
        var toggle = hook.Status == SimulatedEventHook.Active ? "deactivate" : "activate";
        links[toggle] = Lifecycle(self, toggle);
        return new JsonObject
        {
            ["id"] = hook.Id,
            ["status"] = hook.Status,
            ["verificationStatus"] = hook.VerificationStatus,
            ["name"] = definition.Name,
            ["description"] = definition.Description,
            ["created"] = Stamp(hook.Created),
            ["createdBy"] = SimulatedEventHook.CreatedBy,
            ["lastUpdated"] = Stamp(hook.LastUpdated),
            ["events"] = new JsonObject
            {
                ["type"] = "EVENT_TYPE",
                ["items"] = new JsonArray([.. definition.EventTypes.Select(t => (JsonNode)t)]),
                ["filter"] = definition.FilterJson is null ? null : JsonNode.Parse(definition.FilterJson),
            },
            ["channel"] = new JsonObject { ["type"] = "HTTP", ["version"] = "1.0.0", ["config"] = config },
            ["_links"] = links,
        };
    }

    private static JsonObject Lifecycle(string self, string action) => new()
    {
        ["href"] = $"{self}/lifecycle/{action}",
        ["hints"] = new JsonObject { ["allow"] = new JsonArray("POST") },
    };

    private static string Stamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

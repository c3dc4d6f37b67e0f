using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HookRelay.Simulator;

/// <summary>
/// Reads and validates an EventHook body (create, replace) the way Okta does: every problem is
/// collected into <c>errorCauses</c> of one 400 E0000001.
/// </summary>
internal static class EventHookRequest
{
    public const int MaxEventTypes = 300;
    public const int MaxUriLength = 1024;

    /// <summary>Headers Okta sets itself; a hook cannot send its own.</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "Content-Type", "Content-Length", "Host", "User-Agent", "X-Okta-Request-Id", "X-Okta-Verification-Challenge",
    };

    public static SimulatedHookDefinition? Parse(string body, List<string> causes)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            root = null;
        }

        if (root is null)
        {
            causes.Add("The request body was not well-formed.");
            return null;
        }

        var name = Text(root["name"]);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255)
        {
            causes.Add("name: The field cannot be left blank and must be at most 255 characters.");
        }

        var events = root["events"] as JsonObject;
        var types = (events?["items"] as JsonArray)?.Select(Text).ToList() ?? [];
        if (Text(events?["type"]) != "EVENT_TYPE")
        {
            causes.Add("events.type: The only supported value is EVENT_TYPE.");
        }

        if (types.Count is 0 or > MaxEventTypes || types.Any(string.IsNullOrWhiteSpace))
        {
            causes.Add($"events.items: Subscribe to between 1 and {MaxEventTypes} event types.");
        }

        var channel = root["channel"] as JsonObject;
        var config = channel?["config"] as JsonObject;
        if (Text(channel?["type"]) != "HTTP" || Text(channel?["version"]) != "1.0.0")
        {
            causes.Add("channel: type must be HTTP and version 1.0.0.");
        }

        var uri = ValidUri(Text(config?["uri"]), causes);
        var headers = Headers(config?["headers"], causes);
        var (authKey, authValue) = AuthScheme(config?["authScheme"], causes);
        return causes.Count > 0
            ? null
            : new SimulatedHookDefinition(name!, Text(root["description"]), types!, events?["filter"] is JsonObject filter ? filter.ToJsonString() : null, uri!, headers, authKey, authValue);
    }

    /// <summary>HTTPS only, as Okta requires; plain http is accepted for loopback so the simulator can call a local HookRelay.</summary>
    private static Uri? ValidUri(string? text, List<string> causes)
    {
        if (text is null || text.Length > MaxUriLength || text.Any(char.IsWhiteSpace) || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            causes.Add($"channel.config.uri: A valid absolute URI of at most {MaxUriLength} characters is required.");
            return null;
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && loopback))
        {
            causes.Add("channel.config.uri: The URI must use HTTPS.");
            return null;
        }

        return uri;
    }

    private static List<KeyValuePair<string, string>> Headers(JsonNode? node, List<string> causes)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in (node as JsonArray) ?? [])
        {
            var key = Text(header?["key"]);
            var value = Text(header?["value"]);
            if (string.IsNullOrWhiteSpace(key) || value is null || ReservedHeaders.Contains(key))
            {
                causes.Add($"channel.config.headers: '{key}' cannot be set; each header needs a key that Okta does not reserve, and a value.");
                continue;
            }

            headers.Add(new(key, value));
        }

        return headers;
    }

    private static (string? Key, string? Value) AuthScheme(JsonNode? node, List<string> causes)
    {
        if (node is null)
        {
            return (null, null);
        }

        var key = Text(node["key"]);
        var value = Text(node["value"]);
        if (Text(node["type"]) != "HEADER" || string.IsNullOrWhiteSpace(key) || string.IsNullOrEmpty(value) || ReservedHeaders.Contains(key))
        {
            causes.Add("channel.config.authScheme: type must be HEADER, with a header key and a value.");
            return (null, null);
        }

        return (key, value);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace HookRelay.Simulator.Generation;

/// <summary>The sub-objects of a LogEvent (REFERENCE.md §2.3), with explicit nulls as Okta's 2023 sample keeps them.</summary>
internal static class LogEventParts
{
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Actor(string id, string type, string alternateId, string displayName) =>
        new() { ["id"] = id, ["type"] = type, ["alternateId"] = alternateId, ["displayName"] = displayName, ["detailEntry"] = null };

    public static JsonObject User(SimulatedPerson person) => Actor(person.Id, "User", person.Login, person.DisplayName);

    public static JsonObject Target(string id, string type, string alternateId, string displayName) => Actor(id, type, alternateId, displayName);

    public static JsonObject Outcome(string result, string? reason) => new() { ["result"] = result, ["reason"] = reason };

    public static JsonObject Geo(SimulatedPlace place) => new()
    {
        ["city"] = place.City,
        ["state"] = place.State,
        ["country"] = place.Country,
        ["postalCode"] = place.PostalCode,
        ["geolocation"] = new JsonObject { ["lat"] = place.Lat, ["lon"] = place.Lon },
    };

    public static JsonArray IpChain(string ip, SimulatedPlace place) =>
        [new JsonObject { ["ip"] = ip, ["geographicalContext"] = Geo(place), ["version"] = "V4", ["source"] = null }];

    /// <summary>The <c>client</c> object; the IP chain goes inside it unless the event carries <c>request.ipChain</c>.</summary>
    public static JsonObject Client(string userAgent, string? clientId, string ip, SimulatedPlace place, bool withIpChain)
    {
        var client = new JsonObject
        {
            ["userAgent"] = new JsonObject { ["rawUserAgent"] = userAgent, ["os"] = Os(userAgent), ["browser"] = Browser(userAgent) },
            ["zone"] = "null",
            ["device"] = userAgent.Contains("iPhone", StringComparison.Ordinal) ? "Mobile" : userAgent.StartsWith("Mozilla", StringComparison.Ordinal) ? "Computer" : "Unknown",
            ["id"] = clientId,
            ["ipAddress"] = ip,
            ["geographicalContext"] = Geo(place),
        };
        if (withIpChain)
        {
            client["ipChain"] = IpChain(ip, place);
        }

        return client;
    }

    public static JsonObject AuthenticationContext(string? externalSessionId, string? credentialType) => new()
    {
        ["authenticationProvider"] = credentialType is null ? null : "OKTA_AUTHENTICATION_PROVIDER",
        ["credentialProvider"] = credentialType is null ? null : "OKTA_CREDENTIAL_PROVIDER",
        ["credentialType"] = credentialType,
        ["issuer"] = null,
        ["authenticationStep"] = 0,
        ["externalSessionId"] = externalSessionId ?? "unknown",
        ["interface"] = null,
    };

    public static JsonObject SecurityContext(SimulatedPlace? place) => new()
    {
        ["asNumber"] = place?.AsNumber,
        ["asOrg"] = place?.Isp,
        ["isp"] = place?.Isp,
        ["domain"] = place is null ? null : place.Isp.Replace(' ', '-') + ".example",
        ["isProxy"] = place is null ? null : false,
    };

    private static string Os(string userAgent) =>
        userAgent.Contains("Windows", StringComparison.Ordinal) ? "Windows 10"
        : userAgent.Contains("iPhone", StringComparison.Ordinal) ? "iOS"
        : userAgent.Contains("Mac OS", StringComparison.Ordinal) ? "Mac OS X"
        : "Linux";

    private static string Browser(string userAgent) =>
        userAgent.Contains("Chrome", StringComparison.Ordinal) ? "CHROME"
        : userAgent.Contains("Firefox", StringComparison.Ordinal) ? "FIREFOX"
        : userAgent.Contains("Safari", StringComparison.Ordinal) ? "SAFARI"
        : "UNKNOWN";
}

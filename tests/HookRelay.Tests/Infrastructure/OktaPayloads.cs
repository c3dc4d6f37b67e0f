using System.Text.Json.Nodes;

namespace HookRelay.Tests.Infrastructure;

/// <summary>Okta-shaped delivery bodies: the real samples, and variants built from them.</summary>
public static class OktaPayloads
{
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Read(string name) => File.ReadAllText(FixturePath(name));

    /// <summary>The two-event sample from shared/okta/samples.</summary>
    public static string TwoEventSample => Read("Okta/delivery-two-events.json");

    /// <summary>A delivery holding the given events (JSON objects), under a fresh or given envelope eventId.</summary>
    public static string Envelope(IEnumerable<string> events, string? eventId = null) =>
        $$"""
        {"eventType":"com.okta.event_hook","eventTypeVersion":"1.0","cloudEventsVersion":"0.1",
         "source":"https://acme-demo.okta.com/api/v1/eventHooks/whoA7kQ2xN9pL4sT0h7d",
         "eventId":"{{eventId ?? Guid.NewGuid().ToString()}}",
         "data":{"events":[{{string.Join(",", events)}}]},
         "eventTime":"2026-08-20T14:03:27.512Z","contentType":"application/json"}
        """;

    /// <summary>A small LogEvent with the given uuid and type.</summary>
    public static string Event(string uuid, string eventType = "user.session.start", string published = "2026-08-20T14:03:15.208Z") =>
        $$$"""{"uuid":"{{{uuid}}}","published":"{{{published}}}","eventType":"{{{eventType}}}","version":"0","severity":"INFO","actor":{"id":"00u1","type":"User"}}""";

    /// <summary>A delivery of <paramref name="count"/> fresh events; returns the body and the uuids.</summary>
    public static (string Body, IReadOnlyList<string> Uuids) Fresh(int count, string eventType = "user.session.start")
    {
        var uuids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();
        return (Envelope(uuids.Select(u => Event(u, eventType))), uuids);
    }

    /// <summary>The sample's events re-serialised, for edits such as dropping nulls.</summary>
    public static JsonArray SampleEvents() =>
        JsonNode.Parse(TwoEventSample)!["data"]!["events"]!.AsArray();
}

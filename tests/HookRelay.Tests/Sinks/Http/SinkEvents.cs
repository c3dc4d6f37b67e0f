using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using HookRelay.Sinks;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Sinks.Http;

/// <summary>Stored events as a sink receives them, cut from real-shaped Okta JSON byte for byte.</summary>
internal static class SinkEvents
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 8, 20, 14, 3, 27, 600, TimeSpan.Zero);

    /// <summary>
    /// Awkward but legal: spaces around colons, non-ASCII text (two, three and four byte UTF-8),
    /// escaped quotes, <c>\/</c>, a <c>\u</c> escape, a lone-surrogate escape and a number no
    /// double holds. Any re-serialisation would change these bytes.
    /// </summary>
    public const string AwkwardJson =
        """{ "uuid" : "9b1e2c3d-7e8b-11f1-9b2a-0a1b2c3d4e5f", "published":"2026-08-20T14:03:16.001Z", "eventType":"user.account.update_profile","version":"0","severity":"INFO","displayMessage":"Zoë Ångström — 日本語 🎉 updated \"profile\"","actor":{"id":"00u1","type":"User","displayName":"\u00c9lodie \/ O'Brien","alternateId":"élodie@acme-demo.example"},"debugContext":{"debugData":{"lone":"\ud800","big":12345678901234567890123,"ratio":1.0e+2}} }""";

    /// <summary>The two events of the Okta sample delivery, each exactly as its bytes appear in the fixture.</summary>
    public static IReadOnlyList<SinkEvent> Sample(string hook = "okta")
    {
        var bytes = System.IO.File.ReadAllBytes(OktaPayloads.FixturePath("Okta/delivery-two-events.json"));
        using var document = JsonDocument.Parse(bytes);
        var events = new List<SinkEvent>();
        foreach (var item in document.RootElement.GetProperty("data").GetProperty("events").EnumerateArray())
        {
            events.Add(new SinkEvent(
                events.Count + 1,
                item.GetProperty("uuid").GetString()!,
                hook,
                item.GetProperty("eventType").GetString(),
                item.GetProperty("published").GetDateTimeOffset(),
                ReceivedAt,
                JsonMarshal.GetRawUtf8Value(item).ToArray()));
        }

        return events;
    }

    public static SinkEvent Awkward(string hook = "okta") =>
        new(3, "9b1e2c3d-7e8b-11f1-9b2a-0a1b2c3d4e5f", hook, "user.account.update_profile", Published("2026-08-20T14:03:16.001Z"), ReceivedAt, Encoding.UTF8.GetBytes(AwkwardJson));

    /// <summary>A small event in the shape of <see cref="OktaPayloads.Event"/>.</summary>
    public static SinkEvent Small(string uuid, long seq = 10, string hook = "okta", DateTimeOffset? published = null) =>
        new(seq, uuid, hook, "user.session.start", published, ReceivedAt, Encoding.UTF8.GetBytes(OktaPayloads.Event(uuid)));

    public static DateTimeOffset Published(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
}

using System.Text;
using System.Text.Json;
using HookRelay.Sinks;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Sinks.Nats;

/// <summary>Events on their way to the sink, with their JSON as bytes exactly as a delivery held them.</summary>
internal static class NatsTestEvents
{
    /// <summary>
    /// The sample delivery's events (user.session.start, group.user_membership.add), each the exact
    /// slice of the sample file, indentation and all.
    /// </summary>
    public static IReadOnlyList<SinkEvent> Sample(string hook = "okta")
    {
        var body = Encoding.UTF8.GetBytes(OktaPayloads.TwoEventSample);
        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("data").GetProperty("events").EnumerateArray()
            .Select((e, i) => Create(
                e.GetProperty("uuid").GetString()!,
                e.GetProperty("eventType").GetString(),
                Encoding.UTF8.GetBytes(e.GetRawText()),
                hook,
                seq: i + 1))];
    }

    /// <summary>Fresh small events of one type.</summary>
    public static IReadOnlyList<SinkEvent> Fresh(int count, string eventType = "user.session.start", string hook = "okta") =>
        [.. Enumerable.Range(1, count).Select(i =>
        {
            var uuid = Guid.NewGuid().ToString();
            return Create(uuid, eventType, Encoding.UTF8.GetBytes(OktaPayloads.Event(uuid, eventType)), hook, i);
        })];

    public static SinkEvent Create(string uuid, string? eventType, byte[] json, string hook = "okta", long seq = 1) =>
        new(seq, uuid, hook, eventType, null, new DateTimeOffset(2026, 8, 20, 14, 3, 27, TimeSpan.Zero), json);
}

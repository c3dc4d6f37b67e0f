using System.Buffers;
using System.Text.Json;
using HookRelay.Simulator.Generation;

namespace HookRelay.Simulator.Delivery;

/// <summary>The body of an event hook request (REFERENCE.md §2.2): Okta's CloudEvents 0.1 style envelope.</summary>
internal static class OktaEnvelope
{
    public static byte[] Build(string source, string eventId, DateTimeOffset eventTime, IEnumerable<SimulatedLogEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("eventType", "com.okta.event_hook");
            writer.WriteString("eventTypeVersion", "1.0");
            writer.WriteString("cloudEventsVersion", "0.1");
            writer.WriteString("source", source);
            writer.WriteString("eventId", eventId);
            writer.WriteStartObject("data");
            writer.WriteStartArray("events");
            foreach (var e in events)
            {
                // The System Log's document as it is: the same bytes GET /api/v1/logs serves.
                writer.WriteRawValue(e.Json, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteString("eventTime", LogEventParts.Timestamp(eventTime));
            writer.WriteString("contentType", "application/json");
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

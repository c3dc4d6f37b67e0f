using System.Buffers;
using System.Text.Json;

namespace HookRelay.Sinks;

/// <summary>
/// One event as a JSON line: <c>{"hook":…,"receivedAt":…,"uuid":…,"event":{…}}</c>, the event's
/// bytes written as Okta sent them except that line breaks become spaces. In JSON a raw line
/// break can only be whitespace between tokens (inside strings it is escaped), so the event's
/// meaning and length are unchanged and each event stays on one line.
/// </summary>
internal static class EventLine
{
    /// <summary>The lines of a whole batch, ready for one write.</summary>
    public static ArrayBufferWriter<byte> Lines(IReadOnlyList<SinkEvent> batch)
    {
        var lines = new ArrayBufferWriter<byte>();
        foreach (var e in batch)
        {
            Write(lines, e);
        }

        return lines;
    }

    public static void Write(IBufferWriter<byte> output, SinkEvent e)
    {
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("hook", e.Hook);
            writer.WriteString("receivedAt", e.ReceivedAt);
            writer.WriteString("uuid", e.Uuid);
            writer.WritePropertyName("event");
            writer.WriteRawValue(OnOneLine(e.Json.Span), skipInputValidation: true);
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    private static ReadOnlySpan<byte> OnOneLine(ReadOnlySpan<byte> json)
    {
        if (json.IndexOfAny((byte)'\n', (byte)'\r') < 0)
        {
            return json;
        }

        var copy = json.ToArray();
        copy.AsSpan().Replace((byte)'\n', (byte)' ');
        copy.AsSpan().Replace((byte)'\r', (byte)' ');
        return copy;
    }
}

using System.Buffers;
using System.Text.Json;

namespace HookRelay.Sinks.Http;

/// <summary>Request bodies built from the stored bytes; no event is parsed or re-serialised.</summary>
internal static class HttpSinkBody
{
    // The sourcetype of Splunk's own Okta add-on, so its field extractions and CIM mappings apply.
    private const string SplunkSourceType = "OktaIM2:log";

    /// <summary>One event: its JSON as stored. Several: <c>[e1,e2,…]</c> of the stored JSON.</summary>
    public static ReadOnlyMemory<byte> Events(IReadOnlyList<SinkEvent> batch)
    {
        if (batch.Count == 1)
        {
            return batch[0].Json;
        }

        var length = 1 + batch.Count;
        foreach (var item in batch)
        {
            length += item.Json.Length;
        }

        var body = new byte[length];
        var at = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            body[at++] = i == 0 ? (byte)'[' : (byte)',';
            batch[i].Json.Span.CopyTo(body.AsSpan(at));
            at += batch[i].Json.Length;
        }

        body[at] = (byte)']';
        return body;
    }

    /// <summary>
    /// Splunk HTTP Event Collector events back to back (HEC takes several JSON objects in one
    /// body), one per event, each carrying the stored event JSON verbatim in <c>event</c>.
    /// </summary>
    public static ReadOnlyMemory<byte> SplunkHec(IReadOnlyList<SinkEvent> batch, string host)
    {
        var buffer = new ArrayBufferWriter<byte>(EstimateSplunkLength(batch, host));
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var item in batch)
        {
            writer.WriteStartObject();

            // Epoch seconds with milliseconds: the scale of 0.001m keeps three decimals ("….208", "….000").
            writer.WriteNumber("time", (item.Published ?? item.ReceivedAt).ToUnixTimeMilliseconds() * 0.001m);
            writer.WriteString("host", host);
            writer.WriteString("source", "okta:" + item.Hook);
            writer.WriteString("sourcetype", SplunkSourceType);
            writer.WritePropertyName("event");

            // The receiver stored only well-formed, valid UTF-8 JSON; copy it as is.
            writer.WriteRawValue(item.Json.Span, skipInputValidation: true);
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
        }

        return buffer.WrittenMemory;
    }

    private static int EstimateSplunkLength(IReadOnlyList<SinkEvent> batch, string host)
    {
        var length = 0;
        foreach (var item in batch)
        {
            length += item.Json.Length + item.Hook.Length + host.Length + 96;
        }

        return length;
    }
}

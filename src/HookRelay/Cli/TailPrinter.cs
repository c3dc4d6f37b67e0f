using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace HookRelay.Cli;

/// <summary>Prints what <c>events tail</c> reads: events to stdout, a line at a time and flushed at once (pipes); notices to stderr.</summary>
internal static class TailPrinter
{
    public static void Print(SseItem<string> message, Uri server, string? type, bool json)
    {
        switch (message.EventType)
        {
            case "ready":
                Console.Error.WriteLine($"hookrelay: following {server} ({(string.IsNullOrEmpty(type) ? "all events" : "type " + type)}); Ctrl+C to stop.");
                break;
            case "event":
                Console.Out.WriteLine(json ? OneLine(message.Data) : TextLine(message.Data));
                Console.Out.Flush();
                break;
            case "dropped":
                Console.Error.WriteLine($"hookrelay: the server left out {Dropped(message.Data)} events because this client read too slowly.");
                break;
            default:
                break;
        }
    }

    /// <summary><c>published  eventType  uuid  hook</c>, in columns wide enough for the usual values.</summary>
    private static string TextLine(string data)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        return $"{Text(root, "published"),-29}  {Text(root, "eventType"),-40}  {Text(root, "uuid"),-36}  {Text(root, "hook")}";
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "-";

    /// <summary>The stream's JSON as is, unless an event held line breaks; then written compactly, so one event stays one line.</summary>
    private static string OneLine(string data)
    {
        if (!data.Contains('\n', StringComparison.Ordinal) && !data.Contains('\r', StringComparison.Ordinal))
        {
            return data;
        }

        using var document = JsonDocument.Parse(data);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Dropped(string data)
    {
        using var document = JsonDocument.Parse(data);
        return document.RootElement.TryGetProperty("dropped", out var count) ? count.GetRawText() : "some";
    }
}

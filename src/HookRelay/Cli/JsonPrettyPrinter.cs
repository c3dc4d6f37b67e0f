using System.Buffers;
using System.Text;
using System.Text.Json;

namespace HookRelay.Cli;

/// <summary>
/// Indents JSON for people: escapes in strings are shown as the characters they stand for and
/// numbers stay as written. (System.Text.Json's own escaping would turn emoji into \uD83D\uDE00.)
/// </summary>
internal static class JsonPrettyPrinter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        SkipValidation = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>False for text that cannot be shown decoded (a lone surrogate escape); print it as stored.</summary>
    public static bool TryFormat(string json, out string formatted)
    {
        try
        {
            formatted = Format(json);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException)
        {
            formatted = json;
            return false;
        }
    }

    public static string Format(string json)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            while (reader.Read())
            {
                WriteToken(writer, ref reader);
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteToken(Utf8JsonWriter writer, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                break;
            case JsonTokenType.PropertyName:
                writer.WritePropertyName(reader.GetString()!);
                break;
            case JsonTokenType.String:
                writer.WriteRawValue(Quote(reader.GetString()!), skipInputValidation: true);
                break;
            default:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
        }
    }

    /// <summary>A JSON string that escapes only what JSON requires: quote, backslash, control characters.</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                < ' ' => quoted.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}

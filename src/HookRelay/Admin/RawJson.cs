using System.Text.Json;
using System.Text.Json.Serialization;

namespace HookRelay.Admin;

/// <summary>JSON written into a response exactly as stored, byte for byte, not re-serialised.</summary>
[JsonConverter(typeof(RawJsonConverter))]
internal sealed record RawJson(string Value);

internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    // The store only holds JSON that parsed on the way in.
    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Value, skipInputValidation: true);
}

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HookRelay.Dashboard;

/// <summary>How the dashboard writes counts, times and durations: the same on every page, in UTC.</summary>
internal static class Show
{
    public const string Nothing = "–";

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) =>
        value is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : Nothing;

    /// <summary>"5.1 s", "3 min", "2.5 h".</summary>
    public static string Duration(TimeSpan? value) => value switch
    {
        null => Nothing,
        { TotalSeconds: < 90 } v => $"{v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        { TotalMinutes: < 90 } v => $"{Math.Round(v.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min",
        var v => $"{v.Value.TotalHours.ToString("0.0", CultureInfo.InvariantCulture)} h",
    };

    /// <summary>A number for an SVG attribute.</summary>
    public static string Svg(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// Stored JSON indented for reading, its text as stored (the page encodes it; \u escapes would
    /// hide names). JSON that cannot be written back as text (a lone surrogate escape, valid JSON
    /// Okta could send) is shown exactly as stored instead.
    /// </summary>
    public static string IndentedJson(string json)
    {
        try
        {
            return Indented(json);
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or ArgumentException)
        {
            return json;
        }
    }

    private static string Indented(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

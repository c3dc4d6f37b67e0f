using System.Globalization;
using System.Text;
using System.Text.Json;
using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary>CSV for auditors (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break).</summary>
internal sealed class CsvExportWriter(Stream output) : IExportWriter
{
    private static readonly string[] Header =
        ["uuid", "published", "eventType", "hook", "provenance", "actorAlternateId", "actorDisplayName", "outcomeResult", "clientIpAddress", "targetAlternateIds", "receivedAt"];

    private readonly StringBuilder _line = new();

    public void WriteHeader() => WriteLine(Header);

    public void Write(ExportedEvent exported)
    {
        using var document = JsonDocument.Parse(exported.Json);
        var root = document.RootElement;
        WriteLine(
        [
            exported.Uuid,
            exported.Published ?? string.Empty,
            exported.EventType ?? string.Empty,
            exported.Hook,
            Name(exported.Provenance),
            Text(root, "actor", "alternateId"),
            Text(root, "actor", "displayName"),
            Text(root, "outcome", "result"),
            Text(root, "client", "ipAddress"),
            TargetAlternateIds(root),
            exported.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ]);
    }

    /// <summary>A field as RFC 4180 wants it: quoted, with quotes doubled, when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Name(Provenance provenance) => provenance switch
    {
        Provenance.Push | Provenance.Pull => "both",
        Provenance.Pull => "pull",
        _ => "push",
    };

    /// <summary>A nested value as text; tolerant of Okta's variations (missing objects, numbers where text is usual).</summary>
    private static string Text(JsonElement root, string parent, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(parent, out var outer) && outer.ValueKind == JsonValueKind.Object && outer.TryGetProperty(name, out var value)
            ? Scalar(value)
            : string.Empty;

    private static string TargetAlternateIds(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("target", out var targets) || targets.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var ids = targets.EnumerateArray()
            .Where(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("alternateId", out _))
            .Select(t => Scalar(t.GetProperty("alternateId")));
        return string.Join(';', ids);
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };

    private void WriteLine(IEnumerable<string> fields)
    {
        _line.Clear();
        _line.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        output.Write(Encoding.UTF8.GetBytes(_line.ToString()));
    }
}

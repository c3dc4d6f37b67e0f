using System.CommandLine.Parsing;
using System.Globalization;

namespace HookRelay.Cli;

/// <summary>Times on the command line: ISO-8601 (<c>2026-08-20T14:00:00Z</c>, <c>2026-08-20</c>) or an age (<c>30m</c>, <c>2h</c>, <c>7d</c>).</summary>
internal static class CliTime
{
    public static DateTimeOffset? Parse(ArgumentResult result, TimeProvider timeProvider)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (TryParseAge(text, out var age))
        {
            return timeProvider.GetUtcNow() - age;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        result.AddError($"'{text}' is not a time: use ISO-8601 like 2026-08-20T14:00:00Z, or an age like 30m, 2h, 7d.");
        return null;
    }

    /// <summary>An age such as <c>30m</c>, up to a hundred years.</summary>
    private static bool TryParseAge(string text, out TimeSpan age) =>
        CliDuration.TryParseShort(text, out age) && age <= TimeSpan.FromDays(100 * 365);

    /// <summary>A duration as people read it: 45s, 12m, 3h, 2d.</summary>
    public static string Ago(TimeSpan span) =>
        span.TotalSeconds < 90 ? $"{Math.Max(0, (int)span.TotalSeconds)}s"
        : span.TotalMinutes < 90 ? $"{(int)span.TotalMinutes}m"
        : span.TotalHours < 48 ? $"{(int)span.TotalHours}h"
        : $"{(int)span.TotalDays}d";
}

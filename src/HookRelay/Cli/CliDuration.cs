using System.CommandLine.Parsing;
using System.Globalization;

namespace HookRelay.Cli;

/// <summary>Durations on the command line: <c>30s</c>, <c>10m</c>, <c>24h</c>, <c>7d</c>, or <c>hh:mm:ss</c>.</summary>
internal static class CliDuration
{
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a duration: use 30s, 10m, 24h, 7d or hh:mm:ss.");
        return default;
    }

    public static bool TryParse(string text, out TimeSpan duration) =>
        TryParseShort(text, out duration)
        || (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero);

    /// <summary>A count and a unit: <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>7d</c>.</summary>
    public static bool TryParseShort(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 1_000_000)
        {
            return false;
        }

        TimeSpan? unit = char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => null,
        };
        duration = unit * amount ?? default;
        return unit is not null;
    }
}

using System.CommandLine.Parsing;
using System.Globalization;
using HookRelay.Simulator.Generation;

namespace HookRelay.Cli;

/// <summary>Parsers for <c>hookrelay simulate</c>'s values; each error names its flag.</summary>
internal static class SimulateFlags
{
    /// <summary>The simulator holds every event in memory, about 6 KB each: a million take about 6 GB.</summary>
    public const long MaxBacklog = 1_000_000;

    /// <summary>The simulated System Log serves seven days back by default.</summary>
    private static readonly TimeSpan MaxBacklogSpan = TimeSpan.FromDays(7);

    public static double? Fraction(ArgumentResult result, string flag)
    {
        var text = Token(result);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
        {
            return value;
        }

        result.AddError($"{flag} '{text}' is not a fraction between 0 and 1 (e.g. 0.1).");
        return null;
    }

    public static double? Rate(ArgumentResult result)
    {
        var text = Token(result);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 10_000)
        {
            return value;
        }

        result.AddError($"--rate '{text}' is not a number of events a second between 0 and 10000.");
        return null;
    }

    public static long? Whole(ArgumentResult result, string flag, long min, long max)
    {
        var text = Token(result);
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{flag} '{text}' is not a whole number between {min} and {max}.");
        return null;
    }

    public static Uri? Url(ArgumentResult result, string flag)
    {
        var text = Token(result);
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        result.AddError($"{flag} '{text}' is not an http:// or https:// URL.");
        return null;
    }

    /// <summary>A fixed delay (<c>2s</c>, <c>500ms</c>) or a random one in a range (<c>1s-5s</c>).</summary>
    public static (TimeSpan Min, TimeSpan? Max)? Delay(ArgumentResult result)
    {
        var text = Token(result);
        var parts = text.Split('-', 2);
        var min = Duration(parts[0]);
        var max = parts.Length == 2 ? Duration(parts[1]) : null;
        if (min is not null && (parts.Length == 1 || max >= min))
        {
            return (min.Value, max);
        }

        result.AddError($"--delay '{text}' is not a duration like 2s or 500ms, or a range like 1s-5s.");
        return null;
    }

    public static TimeSpan? BacklogSpan(ArgumentResult result)
    {
        var text = Token(result);
        if (Duration(text) is { } span && span > TimeSpan.Zero && span <= MaxBacklogSpan)
        {
            return span;
        }

        result.AddError($"--backlog-span '{text}' is not a duration like 10m, 90s or 2h, up to 7 days.");
        return null;
    }

    public static IReadOnlySet<string>? EventTypes(ArgumentResult result)
    {
        var types = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        var unknown = types.Where(t => !EligibleEventTypes.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            result.AddError($"--event-types: {string.Join(", ", unknown)} cannot be delivered by an event hook (not event-hook-eligible).");
            return null;
        }

        return types;
    }

    private static TimeSpan? Duration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], TimeSpan.FromMilliseconds(1))
            : text.EndsWith('s') ? (text[..^1], TimeSpan.FromSeconds(1))
            : text.EndsWith('m') ? (text[..^1], TimeSpan.FromMinutes(1))
            : text.EndsWith('h') ? (text[..^1], TimeSpan.FromHours(1))
            : text == "0" ? (text, TimeSpan.Zero)
            : (string.Empty, TimeSpan.Zero);
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount <= 3600_000
            ? unit * amount
            : null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
}

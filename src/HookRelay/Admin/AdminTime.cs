using System.Globalization;
using HookRelay.Cli;

namespace HookRelay.Admin;

/// <summary>Times in admin API parameters, as on the command line: ISO-8601 or an age such as <c>30m</c>, <c>2h</c>, <c>7d</c>.</summary>
internal static class AdminTime
{
    public const string Expected = "use ISO-8601 like 2026-08-20T14:00:00Z, or an age like 30m, 2h, 7d";

    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        if (CliDuration.TryParseShort(text, out var age) && age <= TimeSpan.FromDays(100 * 365))
        {
            time = now - age;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}

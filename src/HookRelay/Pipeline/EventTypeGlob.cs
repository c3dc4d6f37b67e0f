using System.Text.RegularExpressions;

namespace HookRelay.Pipeline;

/// <summary>
/// The event-type glob of routes, searches and the live stream: <c>*</c> any run of characters
/// (dots included), <c>?</c> one character, the rest literal. Non-backtracking, so no pattern a
/// client sends can make matching slow.
/// </summary>
internal static class EventTypeGlob
{
    public static Regex Compile(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
}

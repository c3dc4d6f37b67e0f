using System.Text.RegularExpressions;

namespace HookRelay.Simulator;

/// <summary>The part of Okta's SCIM-like filter that reconciliation uses: <c>eventType eq|sw "…"</c> joined by <c>or</c>.</summary>
internal static partial class SystemLogFilter
{
    public static bool TryParse(string? filter, out Func<SimulatedLogEvent, bool> predicate)
    {
        predicate = _ => true;
        if (string.IsNullOrWhiteSpace(filter))
        {
            return true;
        }

        var clauses = new List<Func<SimulatedLogEvent, bool>>();
        foreach (var clause in filter.Split(" or ", StringSplitOptions.TrimEntries))
        {
            var match = Clause().Match(clause.Trim('(', ')'));
            if (!match.Success)
            {
                return false;
            }

            var value = match.Groups["value"].Value;
            clauses.Add(match.Groups["op"].Value == "eq"
                ? e => e.EventType == value
                : e => e.EventType.StartsWith(value, StringComparison.Ordinal));
        }

        predicate = e => clauses.Any(c => c(e));
        return true;
    }

    [GeneratedRegex("""^eventType (?<op>eq|sw) "(?<value>[^"]*)"$""")]
    private static partial Regex Clause();
}

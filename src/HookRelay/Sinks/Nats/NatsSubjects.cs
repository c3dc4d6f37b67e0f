namespace HookRelay.Sinks.Nats;

/// <summary>
/// NATS subject rules the sink needs: making tokens out of arbitrary text, and matching a subject
/// against a stream's subject filters (<c>*</c> is one token, <c>&gt;</c> is one or more at the end).
/// </summary>
internal static class NatsSubjects
{
    /// <summary>What an event without a type is published under.</summary>
    public const string UnknownEventType = "unknown";

    private const char Replacement = '_';

    /// <summary>
    /// An event type as dotted tokens: <c>user.session.start</c> stays as it is. Whitespace,
    /// <c>*</c>, <c>&gt;</c> and anything outside printable ASCII become <c>_</c>; an empty token
    /// (<c>a..b</c>, a leading or trailing dot) becomes <c>_</c>; no type at all is <c>unknown</c>.
    /// </summary>
    public static string EventTypeTokens(string? eventType) =>
        string.IsNullOrEmpty(eventType) ? UnknownEventType : Sanitize(eventType, keepDots: true);

    /// <summary>A hook name as exactly one token: dots become <c>_</c> as well.</summary>
    public static string SingleToken(string value) =>
        value.Length == 0 ? Replacement.ToString() : Sanitize(value, keepDots: false);

    /// <summary>True when a literal template character may stand in a subject token.</summary>
    public static bool IsTokenChar(char c) => c is > ' ' and < (char)0x7F and not '*' and not '>' and not '.';

    /// <summary>Whether <paramref name="subject"/> (no wildcards) is captured by <paramref name="filter"/>.</summary>
    public static bool Matches(string filter, string subject)
    {
        var filterTokens = filter.Split('.');
        var subjectTokens = subject.Split('.');
        for (var i = 0; i < filterTokens.Length; i++)
        {
            if (filterTokens[i] == ">")
            {
                return i == filterTokens.Length - 1 && subjectTokens.Length > i;
            }

            if (i >= subjectTokens.Length || (filterTokens[i] != "*" && filterTokens[i] != subjectTokens[i]))
            {
                return false;
            }
        }

        return filterTokens.Length == subjectTokens.Length;
    }

    private static string Sanitize(string value, bool keepDots)
    {
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(IsTokenChar(chars[i]) || (keepDots && chars[i] == '.')))
            {
                chars[i] = Replacement;
            }
        }

        if (!keepDots)
        {
            return new string(chars);
        }

        var tokens = new string(chars).Split('.');
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].Length == 0)
            {
                tokens[i] = Replacement.ToString();
            }
        }

        return string.Join('.', tokens);
    }
}

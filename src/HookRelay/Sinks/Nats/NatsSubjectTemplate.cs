using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace HookRelay.Sinks.Nats;

/// <summary>
/// A sink's subject template such as <c>okta.{eventType}</c> or <c>okta.{hook}.{eventType}</c>.
/// <c>{eventType}</c> expands to the type's own dotted tokens (<c>user.session.start</c> is three
/// tokens) and <c>{hook}</c> to exactly one; see <see cref="NatsSubjects"/> for how text is made safe.
/// </summary>
/// <remarks>
/// <see cref="StreamSubject"/> is what a stream created by the sink captures: every token holding
/// <c>{hook}</c> becomes <c>*</c>, and from the first token holding <c>{eventType}</c> on, the rest
/// is <c>&gt;</c>, because an event type has any number of tokens. So <c>okta.{eventType}</c> gives
/// <c>okta.&gt;</c>, <c>okta.{hook}.{eventType}</c> gives <c>okta.*.&gt;</c>, <c>{hook}.events</c>
/// gives <c>*.events</c>, and a template without placeholders is its own subject.
/// </remarks>
internal sealed class NatsSubjectTemplate
{
    private const string EventTypeName = "eventType";
    private const string HookName = "hook";

    // The template split on dots; each token is its literal text and placeholders in order.
    private readonly List<List<Part>> _tokens;

    private NatsSubjectTemplate(string template, List<List<Part>> tokens)
    {
        Template = template;
        _tokens = tokens;
        StreamSubject = string.Join('.', WildcardTokens(tokens));
    }

    private enum PartKind
    {
        Literal,
        Hook,
        EventType,
    }

    public string Template { get; }

    public string StreamSubject { get; }

    public static NatsSubjectTemplate Parse(string? template) =>
        TryParse(template, out var parsed, out var problem) ? parsed : throw new ArgumentException(problem, nameof(template));

    public static bool TryParse(string? template, [NotNullWhen(true)] out NatsSubjectTemplate? parsed, [NotNullWhen(false)] out string? problem)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(template))
        {
            problem = "the subject template is empty; use for example okta.{eventType}";
            return false;
        }

        var tokens = new List<List<Part>>();
        foreach (var text in template.Split('.'))
        {
            var token = ParseToken(text, out problem);
            if (token is null)
            {
                problem = $"the subject template '{template}' is not valid: {problem}";
                return false;
            }

            tokens.Add(token);
        }

        parsed = new NatsSubjectTemplate(template, tokens);
        problem = null;
        return true;
    }

    /// <summary>The subject for one event of one hook.</summary>
    public string Render(string hook, string? eventType)
    {
        var subject = new StringBuilder(Template.Length + 32);
        foreach (var token in _tokens)
        {
            if (subject.Length > 0)
            {
                subject.Append('.');
            }

            foreach (var part in token)
            {
                subject.Append(part.Kind switch
                {
                    PartKind.Hook => NatsSubjects.SingleToken(hook),
                    PartKind.EventType => NatsSubjects.EventTypeTokens(eventType),
                    _ => part.Text,
                });
            }
        }

        return subject.ToString();
    }

    private static IEnumerable<string> WildcardTokens(List<List<Part>> tokens)
    {
        foreach (var token in tokens)
        {
            if (token.Exists(p => p.Kind == PartKind.EventType))
            {
                yield return ">";
                yield break;
            }

            yield return token.Exists(p => p.Kind == PartKind.Hook) ? "*" : string.Concat(token.Select(p => p.Text));
        }
    }

    private static List<Part>? ParseToken(string text, out string? problem)
    {
        problem = null;
        if (text.Length == 0)
        {
            problem = "it has an empty token (two dots in a row, or a dot at either end)";
            return null;
        }

        var parts = new List<Part>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '{')
            {
                var close = text.IndexOf('}', i);
                var name = close < 0 ? null : text[(i + 1)..close];
                var kind = name switch
                {
                    _ when string.Equals(name, EventTypeName, StringComparison.OrdinalIgnoreCase) => PartKind.EventType,
                    _ when string.Equals(name, HookName, StringComparison.OrdinalIgnoreCase) => PartKind.Hook,
                    _ => (PartKind?)null,
                };
                if (kind is null)
                {
                    problem = "only {eventType} and {hook} may stand in braces";
                    return null;
                }

                parts.Add(new Part(kind.Value, string.Empty));
                i = close + 1;
                continue;
            }

            var start = i;
            while (i < text.Length && text[i] != '{')
            {
                if (!NatsSubjects.IsTokenChar(text[i]) || text[i] == '}')
                {
                    problem = $"'{text[i]}' may not stand in a subject (no spaces, '*', '>' or braces outside placeholders)";
                    return null;
                }

                i++;
            }

            parts.Add(new Part(PartKind.Literal, text[start..i]));
        }

        return parts;
    }

    private readonly record struct Part(PartKind Kind, string Text);
}

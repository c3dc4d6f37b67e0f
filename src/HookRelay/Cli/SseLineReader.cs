using System.Runtime.CompilerServices;
using System.Text;

namespace HookRelay.Cli;

/// <summary>Reads Server-Sent Events a line at a time: <c>event:</c>, <c>data:</c>, and a blank line that ends a message.</summary>
internal static class SseLineReader
{
    public static async IAsyncEnumerable<SseMessage> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? eventType = null;
        var data = new StringBuilder();
        var hasData = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData)
                {
                    yield return new SseMessage(eventType ?? "message", data.ToString());
                }

                (eventType, hasData) = (null, false);
                data.Clear();
                continue;
            }

            if (line.StartsWith(':'))
            {
                continue; // a comment, such as a keep-alive
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            value = value.StartsWith(' ') ? value[1..] : value;
            if (field == "event")
            {
                eventType = value;
            }
            else if (field == "data")
            {
                data.Append(hasData ? "\n" : string.Empty).Append(value);
                hasData = true;
            }
        }
    }
}

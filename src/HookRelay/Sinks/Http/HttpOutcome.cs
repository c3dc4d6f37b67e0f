using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace HookRelay.Sinks.Http;

/// <summary>What an HTTP response means for the batch, and the error text an operator sees.</summary>
internal static class HttpOutcome
{
    private const int MaxBodyChars = 200;
    private const int MaxBodyBytes = 1024; // at most 4 bytes a character: always 200 whole characters
    private const string Redacted = "[redacted]";

    public static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and <= 299;

    /// <summary>408, 429 and 5xx pass; so may 1xx/3xx (redirects are not followed). Any other 4xx will not.</summary>
    public static bool IsRetryable(HttpStatusCode status) => (int)status is 408 or 429 or >= 500 or < 400;

    public static SinkResult Classify(HttpResponseMessage response, string bodyStart, DateTimeOffset now, IReadOnlyList<string> secrets)
    {
        var code = (int)response.StatusCode;
        var text = new StringBuilder().Append("HTTP ").Append(code);
        var reason = ReasonPhrases.GetReasonPhrase(code);
        if (reason.Length > 0)
        {
            text.Append(' ').Append(reason);
        }

        if (code is >= 300 and < 400)
        {
            text.Append(" (redirects are not followed; set Url to the final address)");
        }

        var body = Sanitize(Redact(bodyStart, secrets));
        if (body.Length > 0)
        {
            text.Append(": ").Append(body);
        }

        return IsRetryable(response.StatusCode)
            ? SinkResult.Retry(text.ToString(), RetryAfter(response, now))
            : SinkResult.Reject(text.ToString());
    }

    /// <summary>Retry-After as delta seconds or an HTTP date (a date already past means now).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The first bytes of an error body as text; empty when the body cannot be read (the status still counts).</summary>
    public static async Task<string> ReadBodyStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBodyBytes];
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return string.Empty;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return string.Empty;
        }
    }

    /// <summary>Removes configured secrets, in case a server echoes request headers back.</summary>
    public static string Redact(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    private static string Sanitize(string text)
    {
        var chars = text.Trim().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = ' ';
            }
        }

        return chars.Length <= MaxBodyChars ? new string(chars) : string.Concat(chars.AsSpan(0, MaxBodyChars), "…");
    }
}

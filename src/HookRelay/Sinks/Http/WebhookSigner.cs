using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StandardWebhooks;

namespace HookRelay.Sinks.Http;

/// <summary>
/// Standard Webhooks signing (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>)
/// through the StandardWebhooks package. Its signer takes the payload as text, so the body bytes
/// are decoded strictly: valid UTF-8 (all the receiver stores) round-trips to the very same bytes.
/// </summary>
internal sealed class WebhookSigner(StandardWebhook webhook)
{
    private const string SecretPrefix = "whsec_";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="secret"><c>whsec_</c> followed by the base64 key (the prefix is optional, as in the reference libraries).</param>
    public static WebhookSigner Create(string secret) =>
        new(new StandardWebhook(DecodeKey(secret) ?? throw new ArgumentException("The signing secret is not whsec_ followed by base64.", nameof(secret))));

    /// <summary>The HMAC key a secret stands for, or null when it is not base64 (or empty).</summary>
    public static byte[]? DecodeKey(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var base64 = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;

        // The decoder skips whitespace; a secret with spaces in it is a pasting mistake, not a key.
        if (base64.AsSpan().ContainsAny(" \t\r\n"))
        {
            return null;
        }

        var key = new byte[base64.Length * 3 / 4];
        return Convert.TryFromBase64String(base64, key, out var written) && written > 0 ? key[..written] : null;
    }

    /// <summary>
    /// The event uuid for one event. For a batch, <c>batch_</c> and 32 hex digits of SHA-256 over
    /// the uuids in order: the same batch retried keeps its id, and a different batch never
    /// reuses it (an id from the first uuid and the count could repeat for different events, and a
    /// receiver deduplicating on it would drop them).
    /// </summary>
    public static string MessageId(IReadOnlyList<SinkEvent> batch)
    {
        if (batch.Count == 1)
        {
            return batch[0].Uuid;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var item in batch)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(item.Uuid));
            hash.AppendData("\n"u8);
        }

        return "batch_" + Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }

    /// <summary><c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>.</summary>
    public string Signature(string messageId, long unixSeconds, ReadOnlySpan<byte> body) =>
        webhook.Sign(messageId, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), StrictUtf8.GetString(body));

    public void Sign(HttpRequestMessage request, string messageId, DateTimeOffset now, ReadOnlySpan<byte> body)
    {
        var unixSeconds = now.ToUnixTimeSeconds();
        Set(request, "webhook-id", messageId);
        Set(request, "webhook-timestamp", unixSeconds.ToString(CultureInfo.InvariantCulture));
        Set(request, "webhook-signature", Signature(messageId, unixSeconds, body));
    }

    private static void Set(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace HookRelay.Tests.Sinks.Http;

/// <summary>
/// A Standard Webhooks verifier written from the specification, sharing no code with the sink's
/// signer: HMAC-SHA256 keyed by the base64 after <c>whsec_</c>, over <c>{id}.{timestamp}.{body}</c>,
/// compared with each space-separated <c>v1,</c> entry of <c>webhook-signature</c>.
/// </summary>
public static class IndependentVerifier
{
    public static bool Verify(string secret, string? id, string? timestamp, ReadOnlySpan<byte> body, string? signatureHeader)
    {
        if (id is null || timestamp is null || signatureHeader is null)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        var signed = new List<byte>();
        signed.AddRange(Encoding.UTF8.GetBytes($"{id}.{timestamp}."));
        signed.AddRange(body.ToArray());
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(HMACSHA256.HashData(key, signed.ToArray())));

        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.StartsWith("v1,", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry[3..]), expected))
            {
                return true;
            }
        }

        return false;
    }
}

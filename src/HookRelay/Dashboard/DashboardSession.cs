using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HookRelay.Dashboard;

/// <summary>
/// The dashboard's sign-in cookie: an expiry and an HMAC of it keyed with the admin token that signed
/// in. Any instance holding the same <c>Admin:Tokens</c> accepts it (no server-side state, nothing to
/// share between instances); removing a token from the list ends its sessions; the token itself is
/// never in the cookie, and the cookie does not open the API.
/// </summary>
internal static class DashboardSession
{
    public const string CookieName = "hookrelay-session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>How far ahead of this instance's clock another instance's may be when it issues a cookie.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static string Issue(string token, DateTimeOffset now)
    {
        var expires = (now + Lifetime).ToUnixTimeSeconds();
        return $"{expires.ToString(CultureInfo.InvariantCulture)}.{Convert.ToBase64String(Sign(token, expires))}";
    }

    /// <summary>True when <paramref name="value"/> has not expired and was signed with one of <paramref name="tokens"/>; every token is tried, in constant time.</summary>
    public static bool IsValid(string? value, IReadOnlyList<string> tokens, DateTimeOffset now)
    {
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0
            || !long.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires <= now.ToUnixTimeSeconds()
            || expires > (now + Lifetime + ClockSkew).ToUnixTimeSeconds())
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64String(value![(dot + 1)..], given, out var written) || written != given.Length)
        {
            return false;
        }

        var match = false;
        foreach (var token in tokens)
        {
            match |= CryptographicOperations.FixedTimeEquals(given, Sign(token, expires));
        }

        return match;
    }

    private static byte[] Sign(string token, long expires) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes($"hookrelay dashboard session until {expires.ToString(CultureInfo.InvariantCulture)}"));
}

namespace HookRelay.Simulator.Generation;

/// <summary>Identifiers in Okta's formats, drawn from a seeded <see cref="Random"/> so runs repeat.</summary>
internal static class OktaIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A 20-character object id with its type prefix (<c>00u</c> user, <c>00g</c> group, <c>0oa</c> app, <c>who</c> event hook).</summary>
    public static string Next(Random random, string prefix) => prefix + Chars(random, 20 - prefix.Length);

    /// <summary>A request or transaction id (27 characters, like <c>aKx3Q2vLm9Tn0pR7sW1yZgAAB4c</c>).</summary>
    public static string Request(Random random) => Chars(random, 23) + "AAA" + Alphabet[random.Next(26)];

    /// <summary>A time-based (version 1 style) UUID, as Okta gives System Log events.</summary>
    public static string Uuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        var hex = Convert.ToHexStringLower(bytes);
        var variant = "89ab"[bytes[8] & 3];
        return $"{hex[..8]}-{hex[8..12]}-1{hex[13..16]}-{variant}{hex[17..20]}-{hex[20..32]}";
    }

    public static string Hex(Random random, int length)
    {
        Span<byte> bytes = stackalloc byte[(length + 1) / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }

    private static string Chars(Random random, int count) =>
        string.Create(count, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
}

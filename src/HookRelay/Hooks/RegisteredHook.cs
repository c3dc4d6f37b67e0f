using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace HookRelay.Hooks;

/// <summary>A hook ready to check requests: its secrets are kept only as keyed digests.</summary>
internal sealed class RegisteredHook
{
    private const int StackLimit = 512;
    private readonly byte[] _digestKey;
    private readonly byte[][] _secretDigests;
    private readonly string?[] _watched;

    /// <param name="watched">SHA-256 of new secrets whose first use retires an old one.</param>
    public RegisteredHook(string name, HookOptions options, byte[] digestKey, IReadOnlySet<string>? watched = null)
    {
        Name = name;
        HeaderName = options.HeaderName;
        MaxBodyBytes = options.MaxBodyBytes;
        MaxEventsPerDelivery = options.MaxEventsPerDelivery;
        _digestKey = digestKey;
        _secretDigests = [.. options.Secrets.Select(s => Digest(Encoding.UTF8.GetBytes(s)))];
        _watched = [.. options.Secrets.Select(s => watched is { Count: > 0 } && watched.Contains(SecretRotation.Sha256(s)) ? SecretRotation.Sha256(s) : null)];
    }

    public string Name { get; }

    public string HeaderName { get; }

    public long MaxBodyBytes { get; }

    public int MaxEventsPerDelivery { get; }

    public bool Accepts(string presented) => Match(presented) >= 0;

    /// <summary>The SHA-256 of the accepted secret when it is a new one awaiting its first use (see <see cref="SecretRotation"/>).</summary>
    public string? WatchedSecret(int index) => index >= 0 && index < _watched.Length ? _watched[index] : null;

    /// <summary>
    /// Which secret matched (its index), or -1. Compares in constant time against every secret.
    /// Both sides are first reduced to HMAC digests of equal length, so neither the secret's length
    /// nor the first differing byte shows in the timing, and every secret is always compared (no
    /// early exit on a match).
    /// </summary>
    public int Match(string presented)
    {
        var byteCount = Encoding.UTF8.GetByteCount(presented);
        byte[]? rented = null;
        Span<byte> bytes = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var written = Encoding.UTF8.GetBytes(presented, bytes);
            Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_digestKey, bytes[..written], digest);
            var match = -1;
            for (var i = 0; i < _secretDigests.Length; i++)
            {
                match = CryptographicOperations.FixedTimeEquals(digest, _secretDigests[i]) ? i : match;
            }

            return match;
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented);
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private byte[] Digest(byte[] secret) => HMACSHA256.HashData(_digestKey, secret);
}

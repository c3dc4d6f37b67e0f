using System.Security.Cryptography;

namespace HookRelay.Receiver;

/// <summary>The key of an event that came without a usable <c>uuid</c>: a digest of its bytes.</summary>
internal static class EventKey
{
    public const string DerivedPrefix = "sha256:";

    /// <summary>Okta uuids are 36 characters; anything this long is not one.</summary>
    public const int MaxUuidLength = 128;

    public static string Derive(ReadOnlySpan<byte> eventJson) =>
        DerivedPrefix + Convert.ToHexStringLower(SHA256.HashData(eventJson));
}

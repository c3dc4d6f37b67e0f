using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace HookRelay.Hooks;

/// <summary>Secrets HookRelay made itself for hooks configured without one: 32 random bytes, base64url.</summary>
internal sealed class GeneratedSecretStore(IGeneratedSecretKeeper keeper)
{
    private readonly ConcurrentDictionary<string, string> _createdThisRun = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The hooks whose secret was created by this process, with the secret to show once.</summary>
    public IReadOnlyDictionary<string, string> CreatedThisRun => _createdThisRun;

    public string Location(string hook) => keeper.Location(hook);

    public string GetOrCreate(string hook)
    {
        var (secret, created) = keeper.GetOrAdd(hook, Base64UrlEncode(RandomNumberGenerator.GetBytes(32)));
        if (created)
        {
            _createdThisRun[hook] = secret;
        }

        return secret;
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Primitives;

namespace HookRelay.Hooks;

/// <summary>
/// The rotation state of every hook as last read from disk, with a change token that
/// <see cref="HookRegistry"/> rebuilds on, and the first uses of new secrets that
/// <see cref="SecretRotationWatcher"/> has yet to persist.
/// </summary>
internal sealed class HookSecretRotations : IDisposable
{
    private readonly ConcurrentDictionary<(string Hook, string Sha256), DateTimeOffset> _firstUses = new();
    private volatile IReadOnlyDictionary<string, SecretRotation> _rotations = new Dictionary<string, SecretRotation>(StringComparer.OrdinalIgnoreCase);
    private CancellationTokenSource _changed = new();

    public SecretRotation For(string hook) => _rotations.GetValueOrDefault(hook) ?? SecretRotation.None;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    public void Load(IReadOnlyDictionary<string, SecretRotation> rotations)
    {
        _rotations = rotations;
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    public void Dispose() => _changed.Dispose();

    /// <summary>Called on the request path: cheap, and only the first use of each new secret counts.</summary>
    public void NewSecretUsed(string hook, string newSecretSha256, DateTimeOffset at) => _firstUses.TryAdd((hook, newSecretSha256), at);

    /// <summary>The first uses noted since the last call.</summary>
    public IReadOnlyList<(string Hook, string Sha256, DateTimeOffset At)> TakeFirstUses()
    {
        var taken = new List<(string, string, DateTimeOffset)>();
        foreach (var key in _firstUses.Keys)
        {
            if (_firstUses.TryRemove(key, out var at))
            {
                taken.Add((key.Hook, key.Sha256, at));
            }
        }

        return taken;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace HookRelay.Hooks;

/// <summary>
/// The hooks as currently configured. Rebuilt when configuration changes, so secrets rotate
/// without a restart.
/// </summary>
internal sealed class HookRegistry : IDisposable
{
    // A per-process key: digests of secrets are useless outside this process.
    private readonly byte[] _digestKey = RandomNumberGenerator.GetBytes(32);
    private readonly IDisposable? _subscription;
    private volatile FrozenDictionary<string, RegisteredHook> _hooks;

    public HookRegistry(IOptionsMonitor<HooksOptions> options)
    {
        _hooks = Build(options.CurrentValue);
        _subscription = options.OnChange(o => _hooks = Build(o));
    }

    public IEnumerable<RegisteredHook> All => _hooks.Values;

    public bool TryGet(string name, [NotNullWhen(true)] out RegisteredHook? hook) => _hooks.TryGetValue(name, out hook);

    public void Dispose() => _subscription?.Dispose();

    private FrozenDictionary<string, RegisteredHook> Build(HooksOptions options) =>
        options.Hooks.ToFrozenDictionary(
            h => h.Key,
            h => new RegisteredHook(h.Key, h.Value, _digestKey),
            StringComparer.OrdinalIgnoreCase);
}

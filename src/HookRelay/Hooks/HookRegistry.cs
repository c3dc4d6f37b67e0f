using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using HookRelay.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace HookRelay.Hooks;

/// <summary>
/// The hooks as currently configured. Rebuilt when configuration changes, so secrets rotate
/// without a restart; a change that would not validate, or that removes every hook (a settings
/// file deleted), is refused and logged, and the hooks in force stay.
/// </summary>
internal sealed partial class HookRegistry : IDisposable
{
    // A per-process key: digests of secrets are useless outside this process.
    private readonly byte[] _digestKey = RandomNumberGenerator.GetBytes(32);
    private readonly IOptionsFactory<HooksOptions> _factory;
    private readonly GeneratedSecretStore _generatedSecrets;
    private readonly HookSecretRotations _rotations;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HookRegistry> _logger;
    private readonly bool _startedZeroConfig;
    private readonly IDisposable _subscription;
    private readonly IDisposable _rotationSubscription;
    private readonly Lock _buildGate = new();
    private HooksOptions _options;
    private volatile FrozenDictionary<string, RegisteredHook> _hooks;

    public HookRegistry(
        IOptions<HooksOptions> options,
        IOptionsFactory<HooksOptions> factory,
        GeneratedSecretStore generatedSecrets,
        HookSecretRotations rotations,
        TimeProvider timeProvider,
        IConfiguration configuration,
        ILogger<HookRegistry> logger)
    {
        _factory = factory;
        _generatedSecrets = generatedSecrets;
        _rotations = rotations;
        _timeProvider = timeProvider;
        _logger = logger;
        _startedZeroConfig = options.Value.IsZeroConfig;
        _options = options.Value;
        _hooks = Build(options.Value);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
        // A rotation (new secret added, old one retired) rebuilds from the configuration in force.
        _rotationSubscription = ChangeToken.OnChange(rotations.GetChangeToken, () =>
        {
            lock (_buildGate)
            {
                _hooks = Build(_options);
            }
        });
    }

    public bool TryGet(string name, [NotNullWhen(true)] out RegisteredHook? hook) => _hooks.TryGetValue(name, out hook);

    public void Dispose()
    {
        _subscription.Dispose();
        _rotationSubscription.Dispose();
    }

    private void Reload()
    {
        HooksOptions next;
        try
        {
            next = _factory.Create(Options.DefaultName);
        }
        catch (OptionsValidationException ex)
        {
            LogReloadRefused(_logger, string.Join(" ", ex.Failures));
            return;
        }

        if (next.IsZeroConfig && !_startedZeroConfig)
        {
            LogReloadRefused(_logger, "the new configuration has no Hooks settings (was a settings file removed?).");
            return;
        }

        try
        {
            lock (_buildGate)
            {
                _hooks = Build(next);
                _options = next;
            }
        }
        catch (StoreUnavailableException ex)
        {
            // A generated secret is read from the store, which may be away right now.
            LogReloadRefused(_logger, ex.Message);
            return;
        }

        LogReloaded(_logger, next.Hooks.Count);
    }

    private FrozenDictionary<string, RegisteredHook> Build(HooksOptions options) =>
        options.Hooks.ToFrozenDictionary(
            h => h.Key,
            h => Register(h.Key, options.IsZeroConfig ? [_generatedSecrets.GetOrCreate(h.Key)] : h.Value.Secrets, h.Value),
            StringComparer.OrdinalIgnoreCase);

    /// <summary>The configured (or generated) secrets, with a rotation's added ones and without its retired ones.</summary>
    private RegisteredHook Register(string hook, IReadOnlyList<string> configured, HookOptions settings)
    {
        var rotation = _rotations.For(hook);
        return new RegisteredHook(hook, WithSecrets(settings, rotation.Accepted(configured, _timeProvider.GetUtcNow())), _digestKey, rotation.Watched);
    }

    private static HookOptions WithSecrets(HookOptions settings, IReadOnlyList<string> secrets) => new()
    {
        Secrets = [.. secrets],
        HeaderName = settings.HeaderName,
        MaxBodyBytes = settings.MaxBodyBytes,
        MaxEventsPerDelivery = settings.MaxEventsPerDelivery,
    };

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Configuration change refused; the hooks in force stay: {Reason}")]
    private static partial void LogReloadRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Configuration change applied: {Hooks} hooks")]
    private static partial void LogReloaded(ILogger logger, int hooks);
}

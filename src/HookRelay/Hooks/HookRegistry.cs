using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
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
    private readonly ILogger<HookRegistry> _logger;
    private readonly bool _startedZeroConfig;
    private readonly IDisposable _subscription;
    private volatile FrozenDictionary<string, RegisteredHook> _hooks;

    public HookRegistry(
        IOptions<HooksOptions> options,
        IOptionsFactory<HooksOptions> factory,
        GeneratedSecretStore generatedSecrets,
        IConfiguration configuration,
        ILogger<HookRegistry> logger)
    {
        _factory = factory;
        _generatedSecrets = generatedSecrets;
        _logger = logger;
        _startedZeroConfig = options.Value.IsZeroConfig;
        _hooks = Build(options.Value);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public bool TryGet(string name, [NotNullWhen(true)] out RegisteredHook? hook) => _hooks.TryGetValue(name, out hook);

    public void Dispose() => _subscription.Dispose();

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

        _hooks = Build(next);
        LogReloaded(_logger, next.Hooks.Count);
    }

    private FrozenDictionary<string, RegisteredHook> Build(HooksOptions options) =>
        options.Hooks.ToFrozenDictionary(
            h => h.Key,
            h => new RegisteredHook(h.Key, options.IsZeroConfig ? WithGeneratedSecret(h.Key, h.Value) : h.Value, _digestKey),
            StringComparer.OrdinalIgnoreCase);

    private HookOptions WithGeneratedSecret(string hook, HookOptions settings) => new()
    {
        Secrets = [_generatedSecrets.GetOrCreate(hook)],
        HeaderName = settings.HeaderName,
        MaxBodyBytes = settings.MaxBodyBytes,
        MaxEventsPerDelivery = settings.MaxEventsPerDelivery,
    };

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Configuration change refused; the hooks in force stay: {Reason}")]
    private static partial void LogReloadRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Configuration change applied: {Hooks} hooks")]
    private static partial void LogReloaded(ILogger logger, int hooks);
}

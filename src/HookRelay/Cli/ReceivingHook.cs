using HookRelay.Hooks;
using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary>
/// A HookRelay hook as the server sees it: its header and the secrets it accepts (configured or
/// generated, plus its rotation file). The CLI hands Okta the current one and never prints it.
/// </summary>
internal sealed record ReceivingHook(string Name, string HeaderName, IReadOnlyList<string> Configured, SecretRotation Rotation)
{
    /// <summary>The secret Okta should send: the newest one accepted.</summary>
    public string CurrentSecret(DateTimeOffset now) => Rotation.Accepted(Configured, now) is { Count: > 0 } accepted
        ? accepted[^1]
        : throw new CliFailure($"hook '{Name}' accepts no secret at all; configure Hooks:{Name}:Secrets:0.");

    /// <summary>The named hook, or the only one; validated as the server would.</summary>
    public static ReceivingHook Resolve(IConfiguration configuration, DataDirectory data, string? requested)
    {
        var options = new HooksOptions();
        new HooksBinder(configuration).Configure(options);
        new HookDefaultsSetup().PostConfigure(null, options);
        if (new HooksOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new CliFailure(invalid.FailureMessage);
        }

        var name = requested ?? (options.Hooks.Count == 1
            ? options.Hooks.Keys.First()
            : throw new CliFailure(CliApp.UsageError, $"several hooks are configured ({string.Join(", ", options.Hooks.Keys)}); pass --hook."));
        if (!options.Hooks.TryGetValue(name, out var settings))
        {
            throw new CliFailure($"no hook named '{name}' in the server's settings (hooks: {string.Join(", ", options.Hooks.Keys)}).");
        }

        // Zero-config: the server's generated secret, created now if the server has not run yet.
        IReadOnlyList<string> configured = options.IsZeroConfig ? [new GeneratedSecretStore(CliStore.SecretKeeper(configuration)).GetOrCreate(name)] : settings.Secrets;
        return new ReceivingHook(name, settings.HeaderName, configured, new SecretRotationStore(data).Read(name));
    }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Name = {Name}, HeaderName = {HeaderName}");
        return true;
    }
}

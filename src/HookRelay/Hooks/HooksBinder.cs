using HookRelay.Hosting;
using Microsoft.Extensions.Options;

namespace HookRelay.Hooks;

/// <summary>
/// Binds <c>Hooks:{name}</c> one hook at a time, strictly. The stock binder drops a whole hook
/// when one value does not convert (say <c>MaxBodyBytes=lots</c>) and ignores misspelt keys
/// (<c>Secret</c>); either would leave a hook without the secret Okta sends. Here every such
/// fault is recorded and reported by <see cref="HooksOptionsValidator"/>.
/// </summary>
internal sealed class HooksBinder(IConfiguration configuration) : IConfigureOptions<HooksOptions>
{
    public void Configure(HooksOptions options)
    {
        foreach (var section in configuration.GetSection(HooksOptions.SectionName).GetChildren())
        {
            var hook = new HookOptions();
            var secrets = section.GetSection(nameof(HookOptions.Secrets));
            if (section.Value is not null)
            {
                options.BindingErrors.Add($"{section.Path} is a single value; a hook is a section: set {secrets.Path}:0 and, if needed, HeaderName and MaxBodyBytes.");
            }

            if (secrets.Value is not null)
            {
                options.BindingErrors.Add(
                    $"{secrets.Path} must be a list: set {secrets.Path}:0 (environment: {HookRelayConfiguration.EnvironmentPrefix}{secrets.Path.Replace(":", "__", StringComparison.Ordinal)}__0).");
            }

            try
            {
                section.Bind(hook, binder => binder.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException ex) when (ConfigurationErrors.IsConversionError(ex))
            {
                options.BindingErrors.Add(ConfigurationErrors.Describe(ex, section.Path));
            }

            options.Hooks[section.Key] = hook;
        }
    }
}

using Microsoft.Extensions.Options;

namespace HookRelay.Hooks;

/// <summary>
/// Zero-config: with no <c>Hooks</c> settings at all there is one hook, <c>okta</c>, whose secret
/// <see cref="HookRegistry"/> takes from the data folder. A configured hook must bring its own
/// secrets: generating one for a misspelt setting would silently turn Okta's deliveries into 401s.
/// </summary>
internal sealed class HookDefaultsSetup : IPostConfigureOptions<HooksOptions>
{
    public void PostConfigure(string? name, HooksOptions options)
    {
        if (options.BindingErrors.Count == 0 && options.Hooks.Count == 0)
        {
            options.IsZeroConfig = true;
            options.Hooks[HooksOptions.DefaultHookName] = new HookOptions();
        }
    }
}

using Microsoft.Extensions.Options;

namespace HookRelay.Hooks;

/// <summary>
/// Zero-config: with no hooks configured there is one, <c>okta</c>; a hook without secrets gets a
/// generated one from the data folder.
/// </summary>
internal sealed class HookDefaultsSetup(GeneratedSecretStore generatedSecrets) : IPostConfigureOptions<HooksOptions>
{
    public void PostConfigure(string? name, HooksOptions options)
    {
        if (options.BindingErrors.Count > 0)
        {
            // The start (or reload) fails validation; generating a secret now would only confuse.
            return;
        }

        if (options.Hooks.Count == 0)
        {
            options.Hooks[HooksOptions.DefaultHookName] = new HookOptions();
        }

        foreach (var (hook, settings) in options.Hooks)
        {
            settings.Secrets.RemoveAll(string.IsNullOrEmpty);
            if (settings.Secrets.Count == 0)
            {
                settings.Secrets.Add(generatedSecrets.GetOrCreate(hook));
            }
        }
    }
}

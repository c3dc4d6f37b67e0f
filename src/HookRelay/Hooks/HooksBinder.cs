using Microsoft.Extensions.Options;

namespace HookRelay.Hooks;

/// <summary>
/// Binds <c>Hooks:{name}</c> one hook at a time. The stock binder drops a whole hook when one of
/// its values does not convert (say <c>MaxBodyBytes=lots</c>), which would silently replace its
/// secret; here the fault is recorded and reported by <see cref="HooksOptionsValidator"/>.
/// </summary>
internal sealed class HooksBinder(IConfiguration configuration) : IConfigureOptions<HooksOptions>
{
    public void Configure(HooksOptions options)
    {
        foreach (var section in configuration.GetSection(HooksOptions.SectionName).GetChildren())
        {
            var hook = new HookOptions();
            try
            {
                section.Bind(hook);
            }
            catch (InvalidOperationException ex)
            {
                options.BindingErrors.Add($"{ex.Message} Fix the value of that setting.");
            }

            options.Hooks[section.Key] = hook;
        }
    }
}

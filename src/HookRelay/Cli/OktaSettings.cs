using HookRelay.Okta;

namespace HookRelay.Cli;

/// <summary>The <c>Okta</c> section as the server would read it, for commands that run beside it.</summary>
internal static class OktaSettings
{
    public static OktaOptions Read(IConfiguration configuration)
    {
        var settings = new OktaOptions();
        configuration.GetSection(OktaOptions.SectionName).Bind(settings);
        return settings;
    }
}

using System.CommandLine;

namespace HookRelay.Cli;

/// <summary>The options every <c>hookrelay okta …</c> command takes.</summary>
internal sealed class OktaCliOptions
{
    public Option<string?> Org { get; } = new("--org") { Description = "The org under Okta:Orgs in the server's settings (may be left out when only one is configured)." };

    public Option<string?> Config { get; } = CommonOptions.Config();

    public Option<string?> DataDir { get; } = CommonOptions.DataDir();

    public Option<bool> Json { get; } = CommonOptions.Json();

    public void AddTo(Command command, bool json = true)
    {
        command.Options.Add(Org);
        command.Options.Add(Config);
        command.Options.Add(DataDir);
        if (json)
        {
            command.Options.Add(Json);
        }
    }
}

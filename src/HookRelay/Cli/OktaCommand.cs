using System.CommandLine;

namespace HookRelay.Cli;

/// <summary><c>hookrelay okta …</c>: manage what HookRelay needs on the Okta side.</summary>
internal static class OktaCommand
{
    public static Command Create() => new("okta", "Manage the org's side: its event hooks pointing at HookRelay.")
    {
        OktaHooksCommand.Create(),
    };
}

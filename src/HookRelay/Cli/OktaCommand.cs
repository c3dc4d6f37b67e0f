using System.CommandLine;

namespace HookRelay.Cli;

/// <summary><c>hookrelay okta …</c>: manage what HookRelay needs on the Okta side.</summary>
internal static class OktaCommand
{
    public static Command Create()
    {
        var okta = new Command("okta", "The Okta side: org health (status), failed deliveries (failures), and the event hooks pointing at HookRelay (hooks).")
        {
            OktaHooksCommand.Create(),
        };
        OktaMonitoringCommands.AddTo(okta);
        return okta;
    }
}

using System.CommandLine;

namespace HookRelay.Cli;

/// <summary>The <c>hookrelay</c> command line. Exit codes: 0 success, 1 failure, 2 usage error.</summary>
internal static class CliApp
{
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("HookRelay receives Okta Event Hooks and stores every event on disk before answering Okta.")
        {
            ServeCommand.Create(),
            EventsCommand.Create(),
            SinksCommand.Create(),
            DeadLettersCommand.Create(),
            ReplayCommand.Create(),
            ReconcileCommand.Create(),
            OktaCommand.Create(),
            SimulateCommand.Create(),
            DbCommand.Create(),
            Doctor.DoctorCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"hookrelay: {error.Message}");
            }

            Console.Error.WriteLine("Run 'hookrelay --help' for usage.");
            return UsageError;
        }

        // The host handles SIGTERM itself (drain, then flush); System.CommandLine must not race it.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}

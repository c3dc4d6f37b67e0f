using Spectre.Console;

namespace HookRelay.Cli;

/// <summary>
/// Progress bars for long CLI work, on stderr and only when stderr is a terminal: stdout keeps
/// the data (<c>&gt; file</c> and pipes stay clean) and scripts that capture stderr see no bar.
/// </summary>
internal static class CliProgress
{
    public static bool Visible => !Console.IsErrorRedirected;

    public static Progress Create() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Progress();
}

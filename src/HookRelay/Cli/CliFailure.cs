namespace HookRelay.Cli;

/// <summary>A command cannot go on: its message is printed as is, and the process exits with <see cref="ExitCode"/> (1 failure, 2 usage).</summary>
internal sealed class CliFailure : Exception
{
    public CliFailure()
    {
    }

    public CliFailure(string message)
        : base(message)
    {
    }

    public CliFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliFailure(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; } = 1;
}

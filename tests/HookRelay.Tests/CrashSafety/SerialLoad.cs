namespace HookRelay.Tests.CrashSafety;

/// <summary>
/// The load tests run alone, after the others: on a small machine, other tests' processes would
/// take the CPU they measure with, and their load would slow the other tests' processes down.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialLoad
{
    public const string Name = "Serial load";
}

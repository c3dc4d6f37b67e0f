namespace HookRelay.Cli.Doctor;

/// <summary>What <c>hookrelay doctor --json</c> prints: healthy when no check failed.</summary>
internal sealed record DoctorReport(bool Healthy, IReadOnlyList<DoctorCheck> Checks);

namespace HookRelay.Cli.Doctor;

/// <summary>One line of <c>hookrelay doctor</c>: what was checked, how it stands, and what to do when it is not OK.</summary>
internal sealed record DoctorCheck(string Check, DoctorStatus Status, string Detail, string? Fix = null)
{
    public static DoctorCheck Ok(string check, string detail) => new(check, DoctorStatus.Ok, detail);

    public static DoctorCheck Warn(string check, string detail, string fix) => new(check, DoctorStatus.Warn, detail, fix);

    public static DoctorCheck Fail(string check, string detail, string fix) => new(check, DoctorStatus.Fail, detail, fix);
}

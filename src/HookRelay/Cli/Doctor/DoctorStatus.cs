using System.Text.Json.Serialization;

namespace HookRelay.Cli.Doctor;

internal enum DoctorStatus
{
    [JsonStringEnumMemberName("ok")]
    Ok,
    [JsonStringEnumMemberName("warn")]
    Warn,
    [JsonStringEnumMemberName("fail")]
    Fail,
}

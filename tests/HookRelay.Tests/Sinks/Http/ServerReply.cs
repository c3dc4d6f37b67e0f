namespace HookRelay.Tests.Sinks.Http;

/// <summary>How <see cref="RecordingServer"/> answers: a status, an optional body and headers, and an optional stall first.</summary>
public sealed record ServerReply(int Status, string? Body = null, string? RetryAfter = null, string? Location = null, TimeSpan Delay = default)
{
    public static ServerReply Ok { get; } = new(200, """{"text":"Success","code":0}""");
}

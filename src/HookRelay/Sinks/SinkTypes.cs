namespace HookRelay.Sinks;

internal static class SinkTypes
{
    public const string File = "file";
    public const string Http = "http";
    public const string Nats = "nats";
    public const string Stdout = "stdout";

    public static readonly string[] All = [File, Http, Nats, Stdout];
}

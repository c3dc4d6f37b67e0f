namespace HookRelay.Sinks.Nats;

/// <summary>What the NATS sink says. Never a payload, never the credentials of the server URL.</summary>
internal static partial class NatsSinkLog
{
    [LoggerMessage(EventId = 5301, Level = LogLevel.Debug, Message = "Sink {Sink} connected to NATS at {Server}")]
    public static partial void Connected(ILogger logger, string sink, string server);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Sink {Sink} created JetStream stream {Stream} capturing {StreamSubjects}")]
    public static partial void StreamCreated(ILogger logger, string sink, string stream, string streamSubjects);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Debug, Message = "Sink {Sink} uses the existing JetStream stream {Stream} capturing {StreamSubjects}; its configuration is left as it is")]
    public static partial void StreamFound(ILogger logger, string sink, string stream, string streamSubjects);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Warning, Message = "Sink {Sink}: stream {Stream} captures {StreamSubjects}, not subject {Subject} of event {EventUuid}; the batch is rejected")]
    public static partial void SubjectNotCaptured(ILogger logger, string sink, string stream, string streamSubjects, string subject, string eventUuid);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Debug, Message = "Sink {Sink} delivery of {Events} events failed; the next delivery opens a new connection: {Error}")]
    public static partial void ConnectionDropped(ILogger logger, string sink, int events, string? error);
}

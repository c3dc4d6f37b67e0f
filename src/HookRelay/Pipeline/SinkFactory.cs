using HookRelay.Sinks;
using HookRelay.Sinks.File;
using HookRelay.Sinks.Http;
using HookRelay.Sinks.Nats;
using HookRelay.Sinks.Stdout;

namespace HookRelay.Pipeline;

/// <summary>Creates the sink of each configured type.</summary>
internal sealed class SinkFactory(TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    public IEventSink Create(string name, SinkOptions options) => options.Type.ToLowerInvariant() switch
    {
        SinkTypes.File => new FileSink(name, options, timeProvider),
        SinkTypes.Stdout => new StdoutSink(name),
        SinkTypes.Http => new HttpSink(name, options, HttpSink.CreateHttpClient(options), timeProvider),
        SinkTypes.Nats => new NatsSink(name, options, loggerFactory.CreateLogger<NatsSink>(), timeProvider),
        _ => throw new NotSupportedException($"Sinks:{name}:Type '{options.Type}' is not available in this build."),
    };
}

using HookRelay.Sinks;
using HookRelay.Storage;
using Microsoft.Extensions.Options;

namespace HookRelay.Pipeline;

/// <summary>The configured sinks, each with its worker; disposes the sinks at shutdown.</summary>
internal sealed class SinkWorkers : IAsyncDisposable
{
    private readonly List<IEventSink> _sinks = [];

    public SinkWorkers(IOptions<PipelineOptions> options, SinkFactory factory, IServiceProvider services)
    {
        foreach (var (name, settings) in options.Value.Sinks)
        {
            var sink = factory.Create(name, settings);
            _sinks.Add(sink);
            All.Add(ActivatorUtilities.CreateInstance<SinkWorker>(services, sink, settings));
        }
    }

    public List<SinkWorker> All { get; } = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var sink in _sinks)
        {
            switch (sink)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}

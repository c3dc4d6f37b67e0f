using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace HookRelay.Tests.Infrastructure;

/// <summary>
/// Counts one server's measurements of a counter, straight from its own meters. Several servers in
/// one test process share the meter name, and the Prometheus exporter of each then shows one
/// server's instruments only, not necessarily its own; this listens by the server's meter factory.
/// Start it before the measurements happen.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public ServerMetrics(RunningHookRelay server, string instrument)
        : this(instrument, server.Services.GetRequiredService<IMeterFactory>())
    {
    }

    /// <summary>Every server's measurements: for a server not started yet; tell them apart by a tag unique to the test.</summary>
    public ServerMetrics(string instrument)
        : this(instrument, null)
    {
    }

    private ServerMetrics(string instrument, IMeterFactory? factory)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if ((factory is null || ReferenceEquals(published.Meter.Scope, factory)) && published.Meter.Name == "HookRelay" && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => _measurements.Enqueue((value, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>The sum of the measurements that carry all of these tags.</summary>
    public long Sum(params (string Key, string Value)[] tags) =>
        _measurements.Where(m => tags.All(t => m.Tags.Any(k => k.Key == t.Key && Equals(k.Value?.ToString(), t.Value)))).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}

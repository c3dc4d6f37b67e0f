using HookRelay.Pipeline;
using System.Net.ServerSentEvents;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace HookRelay.Admin;

/// <summary>
/// One stream client: a bounded queue that the receiver never waits on. When the client reads
/// too slowly the queue fills and further events are dropped and counted, not buffered.
/// </summary>
internal sealed class EventSubscription : IDisposable
{
    public const int Capacity = 1000;

    private readonly Channel<SseItem<string>> _queue = Channel.CreateBounded<SseItem<string>>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Regex? _type;
    private readonly Action<EventSubscription> _unsubscribe;
    private long _dropped;

    public EventSubscription(string? typeGlob, Action<EventSubscription> unsubscribe)
    {
        _type = string.IsNullOrEmpty(typeGlob) ? null : EventTypeGlob.Compile(typeGlob);
        _unsubscribe = unsubscribe;
    }

    public ChannelReader<SseItem<string>> Reader => _queue.Reader;

    public bool Wants(string? eventType) => _type is null || _type.IsMatch(eventType ?? string.Empty);

    public void Offer(SseItem<string> item)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>How many events were dropped since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    public void Dispose()
    {
        _unsubscribe(this);
        _queue.Writer.TryComplete();
    }
}

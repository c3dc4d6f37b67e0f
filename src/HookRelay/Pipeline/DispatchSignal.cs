using System.Collections.Concurrent;
using System.Threading.Channels;

namespace HookRelay.Pipeline;

/// <summary>
/// Wakes the sink workers when the receiver has stored new events, so dispatch starts within
/// milliseconds; the workers' periodic sweep is the safety net.
/// </summary>
internal sealed class DispatchSignal
{
    private readonly ConcurrentDictionary<string, Channel<bool>> _sinks = new(StringComparer.OrdinalIgnoreCase);

    public void Notify()
    {
        foreach (var channel in _sinks.Values)
        {
            channel.Writer.TryWrite(true);
        }
    }

    /// <summary>Returns when new events were stored or after <paramref name="timeout"/>, whichever is first.</summary>
    public async Task WaitAsync(string sink, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var channel = _sinks.GetOrAdd(sink, _ => Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite }));
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await channel.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The sweep: look for due retries even without news.
        }
    }
}

namespace HookRelay.Sinks.Stdout;

/// <summary>One JSON line per event on standard output, for piping into other tools.</summary>
internal sealed class StdoutSink(string name) : IEventSink
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Name { get; } = name;

    public async Task<SinkResult> DeliverAsync(IReadOnlyList<SinkEvent> batch, CancellationToken cancellationToken)
    {
        var lines = EventLine.Lines(batch);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(lines.WrittenMemory, cancellationToken);
            await stdout.FlushAsync(cancellationToken);
            return SinkResult.Delivered;
        }
        catch (IOException ex)
        {
            return SinkResult.Retry($"writing to standard output failed: {ex.Message}");
        }
        finally
        {
            Gate.Release();
        }
    }
}

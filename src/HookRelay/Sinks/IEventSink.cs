namespace HookRelay.Sinks;

/// <summary>
/// A destination for stored events. A batch is delivered whole or not at all (delivery is
/// at-least-once: a retried batch may repeat events the sink already took, which is why each
/// sink passes the event uuid on for deduplication downstream).
/// </summary>
internal interface IEventSink
{
    string Name { get; }

    Task<SinkResult> DeliverAsync(IReadOnlyList<SinkEvent> batch, CancellationToken cancellationToken);
}

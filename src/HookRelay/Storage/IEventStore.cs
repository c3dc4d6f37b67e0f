namespace HookRelay.Storage;

/// <summary>The durable store that every delivery is written to before it is acknowledged.</summary>
internal interface IEventStore
{
    /// <summary>
    /// Commits the delivery and its events to disk. Returns only after the commit is durable.
    /// Throws <see cref="StoreUnavailableException"/> when the store cannot take the write.
    /// </summary>
    Task<AppendResult> AppendAsync(ReceivedDelivery delivery, CancellationToken cancellationToken);

    /// <summary>Checks that a write could be taken right now, without writing.</summary>
    Task<StoreHealth> CheckWritableAsync(CancellationToken cancellationToken);
}

namespace HookRelay.Storage;

/// <summary>
/// What <c>Storage:Retention</c> removes. Works beside ingest on connections of its own, in small
/// transactions, so a delivery from Okta never waits long behind it.
/// </summary>
internal interface IRetentionStore
{
    /// <summary>
    /// Deletes up to <paramref name="max"/> events received before <paramref name="cutoff"/> that every
    /// sink has handled (each dispatch row delivered, or none at all), with their dispatch rows; then
    /// up to <paramref name="max"/> raw bodies (deliveries) received before the cutoff that no event
    /// refers to any more; then Okta's delivery failures published before the cutoff. An event with a
    /// pending item or a dead letter is kept. Throws <see cref="StoreUnavailableException"/> when the
    /// store fails.
    /// </summary>
    RetentionBatch DeleteHandled(DateTimeOffset cutoff, int max);
}

/// <summary>What one <see cref="IRetentionStore.DeleteHandled"/> call removed.</summary>
internal readonly record struct RetentionBatch(int Events, int Bodies, int DeliveryFailures)
{
    /// <summary>A batch that hit its limit: more may be due, so the caller asks again.</summary>
    public bool IsFull(int max) => Events >= max || Bodies >= max;

    /// <summary>
    /// What every store's <see cref="IRetentionStore.DeleteHandled"/> starts with: a batch of at
    /// least one, and the cutoff as the stores keep times (Unix milliseconds).
    /// </summary>
    public static long Cutoff(DateTimeOffset cutoff, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return cutoff.ToUnixTimeMilliseconds();
    }
}

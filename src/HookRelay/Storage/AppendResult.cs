namespace HookRelay.Storage;

/// <summary>What an append did. Both outcomes are durable and answered 204.</summary>
internal readonly record struct AppendResult(AppendOutcome Outcome, int StoredEvents, int DuplicateEvents)
{
    public static AppendResult DuplicateDelivery(int eventCount) => new(AppendOutcome.Duplicate, 0, eventCount);
}

namespace HookRelay.Storage;

/// <summary>What an append did. Both outcomes are durable and answered 204.</summary>
/// <param name="DuplicateEvents">
/// Events the same path had brought before (Okta pushing an event again). An event first read from
/// the System Log and then pushed is neither stored nor a duplicate: the push merely arrived after
/// reconciliation, which is how reconciliation is meant to work.
/// </param>
internal readonly record struct AppendResult(AppendOutcome Outcome, int StoredEvents, int DuplicateEvents)
{
    public static AppendResult DuplicateDelivery(int eventCount) => new(AppendOutcome.Duplicate, 0, eventCount);
}

namespace HookRelay.Okta;

/// <summary>What reconciliation of one org has found, as <c>hookrelay reconcile status</c> shows it.</summary>
/// <param name="CheckedUpTo">Start of the last pass that reached the end of the System Log: everything logged before it was compared.</param>
/// <param name="Position">Published time of the last event the cursor passed.</param>
/// <param name="Missed">Events Okta never pushed within the grace window, recovered from the System Log.</param>
/// <param name="AwaitingPush">Pulled events still inside the grace window: a push may yet arrive.</param>
/// <param name="RecoveredAfterMedian">Median time from an event's publication to its backfill.</param>
internal sealed record OktaReconcileReport(
    string Org,
    DateTimeOffset? CursorMoved,
    DateTimeOffset? Position,
    DateTimeOffset? CheckedUpTo,
    long Missed,
    long AwaitingPush,
    IReadOnlyList<MissedCount> MissedByType,
    IReadOnlyList<MissedCount> MissedByHour,
    TimeSpan? RecoveredAfterMedian,
    TimeSpan? RecoveredAfterMax,
    long DeliveryFailures24h);

/// <summary>A count of missed events under a key: an event type, or an hour (<c>2026-11-26T13:00Z</c>).</summary>
internal sealed record MissedCount(string Key, long Count);

using HookRelay.Okta;

namespace HookRelay.Storage;

/// <summary>Queries behind reconciliation status, missed-event metrics and Okta's daily cap.</summary>
internal interface IOktaStatusReader
{
    /// <summary>
    /// Pull-only events of these hooks whose grace window ended in (<paramref name="from"/>, <paramref name="to"/>]
    /// — the moment each becomes "missed" — by event type. Each event falls in exactly one such interval.
    /// </summary>
    IReadOnlyList<MissedCount> MissedBetween(IReadOnlyCollection<string> hooks, TimeSpan grace, DateTimeOffset from, DateTimeOffset to);

    /// <summary>When reconciliation of the org last reached the end of the System Log.</summary>
    DateTimeOffset? CheckedUpTo(string org);

    /// <summary>Events of these hooks published since <paramref name="since"/> (Okta's daily cap counts them).</summary>
    long EventsSince(IReadOnlyCollection<string> hooks, DateTimeOffset since);

    /// <summary>
    /// Pull-only events of these hooks published in the 24 hours before <paramref name="now"/> whose
    /// grace window has ended: missed by push and recovered. The same events as the report's
    /// <see cref="OktaReconcileReport.MissedByHour"/>, counted; the overview sums it over orgs.
    /// </summary>
    long MissedLastDay(IReadOnlyCollection<string> hooks, TimeSpan grace, DateTimeOffset now);

    OktaReconcileReport Report(string org, IReadOnlyCollection<string> hooks, TimeSpan grace, DateTimeOffset now);

    IReadOnlyList<OktaDeliveryFailure> DeliveryFailures(string? org, DateTimeOffset since);

    /// <summary>Each org's latest saved health report (JSON).</summary>
    IReadOnlyDictionary<string, string> OrgHealth();

    /// <summary>The org's running or last backfill, if one was ever started.</summary>
    StoredBackfill? Backfill(string org);
}

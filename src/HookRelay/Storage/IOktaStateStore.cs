namespace HookRelay.Storage;

/// <summary>What reconciliation and Okta monitoring keep per org: cursors, delivery failures, health.</summary>
internal interface IOktaStateStore
{
    Uri? LoadCursor(string org);

    /// <summary>The published time of the last event the org's cursor passed, if any.</summary>
    DateTimeOffset? LoadPosition(string org);

    /// <summary>Saves the next link; <paramref name="position"/> is the published time of the last event read, if any.</summary>
    Task SaveCursorAsync(string org, Uri next, DateTimeOffset? position, CancellationToken cancellationToken);

    /// <summary>A pass reached the end of the System Log: everything logged before <paramref name="checkedAt"/> has been read.</summary>
    Task MarkCaughtUpAsync(string org, DateTimeOffset checkedAt, CancellationToken cancellationToken);

    /// <summary>Keeps <c>event_hook.delivery</c> failures (each once, by uuid).</summary>
    Task RecordDeliveryFailuresAsync(IReadOnlyList<OktaDeliveryFailure> failures, CancellationToken cancellationToken);

    /// <summary>The org's latest health report, for CLI commands that run beside the server.</summary>
    Task SaveOrgHealthAsync(string org, string reportJson, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="backfill"/> as the org's, unless the org's backfill runs (its lease has
    /// not passed on the writer's clock); returns the org's backfill afterwards: this one if recorded.
    /// </summary>
    Task<StoredBackfill> ClaimBackfillAsync(string org, StoredBackfill backfill, CancellationToken cancellationToken);

    /// <summary>Rewrites the org's backfill if it is still <paramref name="backfill"/>'s job; false if another took it over.</summary>
    Task<bool> SaveBackfillAsync(string org, StoredBackfill backfill, CancellationToken cancellationToken);
}

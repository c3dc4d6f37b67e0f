using HookRelay.Admin;
using HookRelay.Storage;

namespace HookRelay.Dashboard;

/// <summary>The events page: the search as typed, and its page of results or why it could not run.</summary>
/// <param name="Older">The address of the next (older) page, if there is one.</param>
internal sealed record EventsView(EventSearchForm Search, IReadOnlyList<EventItem> Items, string? Older, string? Problem);

/// <summary>The explorer's search fields, as the address carries them (<c>/events?type=…</c>).</summary>
internal sealed record EventSearchForm(string? Type, string? Since, string? Until, string? Actor, string? Target, string? Hook, string? Provenance)
{
    /// <summary>The address of this search, with <paramref name="cursor"/> for a later page.</summary>
    public string Address(string? cursor)
    {
        var query = QueryString.Empty;
        foreach (var (name, value) in new[] { ("type", Type), ("since", Since), ("until", Until), ("actor", Actor), ("target", Target), ("hook", Hook), ("provenance", Provenance), ("cursor", cursor) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                query = query.Add(name, value);
            }
        }

        return "/events" + query.ToUriComponent();
    }
}

/// <param name="Replayed">The dead letter just queued again from this page, to say where it stands and follow it while pending.</param>
internal sealed record DeadLettersView(IReadOnlyList<DeadLetter> Letters, int Limit, ReplayedLetter? Replayed);

/// <param name="Queued">What the replay queued: 0 when the event was no longer a dead letter of the sink.</param>
/// <param name="Delivery">Where the event stands with the sink now.</param>
internal sealed record ReplayedLetter(string Uuid, long Queued, SinkDeliveryItem Delivery);

/// <param name="Problem">Why the last backfill form was refused, and for which org.</param>
internal sealed record OktaView(IReadOnlyList<OktaOrgReport> Orgs, (string Org, string Detail)? Problem);

/// <param name="ReturnTo">The dashboard page to go back to once signed in.</param>
internal sealed record SignInView(string ReturnTo, string? Problem);

/// <summary>A page that could not be shown, and why.</summary>
internal sealed record ProblemView(string Title, string Detail);

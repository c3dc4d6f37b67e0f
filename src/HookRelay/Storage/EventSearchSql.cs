using System.Data.Common;

namespace HookRelay.Storage;

/// <summary>
/// The SQL of the admin API's event search, for both stores: the filters they share are written
/// once here, and each store's <see cref="EventSearchDialect"/> supplies what it says differently
/// (globs, the keyset seek). The actor and target are matched in <c>event_parties</c>, filled from
/// the event's JSON when it was stored. Parameters are named <c>@…</c>, which SQLite takes too.
/// </summary>
internal static class EventSearchSql
{
    public static EventSearchPage Search(DbCommand command, EventSearch search, EventSearchDialect dialect)
    {
        // An actor or target search walks that value's rows of event_parties, which are in the
        // listing's order (sort_time, event_seq); any other search walks ix_events_order.
        var byParty = search.Actor is not null || search.Target is not null;
        var time = byParty ? "p.sort_time" : "COALESCE(e.published_at, e.received_at)";
        var seq = byParty ? "p.event_seq" : "e.seq";
        var conditions = new List<string>();
        void Filter(string condition, params (string Name, object Value)[] parameters)
        {
            conditions.Add(condition);
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.Value = value is string text ? dialect.Text(text) : value;
                command.Parameters.Add(parameter);
            }
        }

        if (search.Actor is not null)
        {
            Filter(Party(PartyRole.Actor, "@actor", walked: true), ("actor", search.Actor));
        }

        if (search.Target is not null)
        {
            Filter(Party(PartyRole.Target, "@target", walked: search.Actor is null), ("target", search.Target));
        }

        if (search.TypeGlob is not null)
        {
            Filter(dialect.TypeCondition, ("type", dialect.TypePattern(search.TypeGlob)));
        }

        if (search.Hook is not null)
        {
            Filter("e.hook = @hook", ("hook", search.Hook));
        }

        if (search.Provenance is { } provenance)
        {
            Filter("e.provenance = @provenance", ("provenance", (int)provenance));
        }

        if (search.Since is { } since)
        {
            Filter($"{time} >= @since", ("since", since.ToUnixTimeMilliseconds()));
        }

        if (search.Until is { } until)
        {
            Filter($"{time} < @until", ("until", until.ToUnixTimeMilliseconds()));
        }

        if (search.After is { } after)
        {
            Filter(dialect.After(time, seq), ("afterTime", after.Time), ("afterSeq", after.Seq));
        }

        var from = byParty ? "event_parties p JOIN events e ON e.seq = p.event_seq" : "events e";
        var where = conditions.Count == 0 ? string.Empty : "WHERE " + string.Join("\n  AND ", conditions);
        command.CommandText = $"""
            SELECT e.uuid, e.uuid_derived, e.hook, e.event_type, e.published, e.received_at, e.provenance, e.seq,
                   {time} AS sort_time
            FROM {from}
            {where}
            ORDER BY sort_time DESC, {seq} DESC
            LIMIT {search.Limit + 1};
            """;
        return EventPages.From(StoreRows.ReadAll(command, StoreRows.Listing, search.Limit + 1), search.Limit);
    }

    /// <summary>
    /// The event has a party of <paramref name="role"/> named <paramref name="parameter"/>: the rows
    /// walked (<c>p</c>), or, for a second party, a lookup by the whole key of <c>p</c>'s event.
    /// Each event has a value at most once per role, so neither repeats an event.
    /// </summary>
    private static string Party(PartyRole role, string parameter, bool walked) => walked
        ? $"p.role = {(int)role} AND p.value = {parameter}"
        : $"""
          EXISTS (SELECT 1 FROM event_parties o
                  WHERE o.role = {(int)role} AND o.value = {parameter} AND o.sort_time = p.sort_time AND o.event_seq = p.event_seq)
          """;
}

/// <summary>How one store says the parts of the event search that differ between SQL dialects.</summary>
internal abstract class EventSearchDialect
{
    /// <summary>Matches <c>e.event_type</c> against <c>@type</c>.</summary>
    public abstract string TypeCondition { get; }

    /// <summary>
    /// Events before the page's last (<c>@afterTime</c>, <c>@afterSeq</c>) in the order of the
    /// search, given as the <paramref name="time"/> and <paramref name="seq"/> it walks.
    /// </summary>
    public abstract string After(string time, string seq);

    /// <summary>The value <c>@type</c> gets for a glob.</summary>
    public abstract string TypePattern(string glob);

    /// <summary>Text as the store can take it in a parameter.</summary>
    public virtual string Text(string value) => value;
}

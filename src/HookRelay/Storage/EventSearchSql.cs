using System.Data.Common;

namespace HookRelay.Storage;

/// <summary>
/// The SQL of the admin API's event search, for both stores: the filters they share are written
/// once here, and each store's <see cref="EventSearchDialect"/> supplies what it says differently
/// (globs, the keyset seek, reading inside the event's JSON). Parameters are named <c>@…</c>,
/// which SQLite takes too.
/// </summary>
internal static class EventSearchSql
{
    public static EventSearchPage Search(DbCommand command, EventSearch search, EventSearchDialect dialect)
    {
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
            Filter("COALESCE(e.published_at, e.received_at) >= @since", ("since", since.ToUnixTimeMilliseconds()));
        }

        if (search.Until is { } until)
        {
            Filter("COALESCE(e.published_at, e.received_at) < @until", ("until", until.ToUnixTimeMilliseconds()));
        }

        if (search.After is { } after)
        {
            Filter(dialect.AfterCondition, ("afterTime", after.Time), ("afterSeq", after.Seq));
        }

        if (search.Actor is not null)
        {
            Filter(dialect.ActorCondition, ("actor", search.Actor));
        }

        if (search.Target is not null)
        {
            Filter(dialect.TargetCondition, ("target", search.Target));
        }

        // The event's JSON is read from its delivery's body only when a filter looks inside it.
        var join = search.Actor is null && search.Target is null ? string.Empty : dialect.DocumentJoin;
        var where = conditions.Count == 0 ? string.Empty : "WHERE " + string.Join("\n  AND ", conditions);
        command.CommandText = $"""
            SELECT e.uuid, e.uuid_derived, e.hook, e.event_type, e.published, e.received_at, e.provenance, e.seq,
                   COALESCE(e.published_at, e.received_at) AS sort_time
            FROM events e {join}
            {where}
            ORDER BY sort_time DESC, e.seq DESC
            LIMIT {search.Limit + 1};
            """;
        return EventPages.From(StoreRows.ReadAll(command, StoreRows.Listing, search.Limit + 1), search.Limit);
    }
}

/// <summary>How one store says the parts of the event search that differ between SQL dialects.</summary>
internal abstract class EventSearchDialect
{
    /// <summary>Matches <c>e.event_type</c> against <c>@type</c>.</summary>
    public abstract string TypeCondition { get; }

    /// <summary>Events before the page's last (<c>@afterTime</c>, <c>@afterSeq</c>), in the order of the search.</summary>
    public abstract string AfterCondition { get; }

    /// <summary>The event's actor is <c>@actor</c> (alternateId or id).</summary>
    public abstract string ActorCondition { get; }

    /// <summary>One of the event's targets is <c>@target</c> (alternateId or id).</summary>
    public abstract string TargetCondition { get; }

    /// <summary>Joins what the actor and target conditions read the event's JSON from.</summary>
    public abstract string DocumentJoin { get; }

    /// <summary>The value <c>@type</c> gets for a glob.</summary>
    public abstract string TypePattern(string glob);

    /// <summary>Text as the store can take it in a parameter.</summary>
    public virtual string Text(string value) => value;
}

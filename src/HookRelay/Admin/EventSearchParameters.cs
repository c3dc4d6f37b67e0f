using System.Globalization;
using HookRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HookRelay.Admin;

/// <summary>The query string of <c>GET /api/v1/events</c>, checked one parameter at a time so a 400 names the one at fault.</summary>
internal sealed record EventSearchParameters(
    string? Since, string? Until, string? Type, string? Hook, string? Provenance, string? Actor, string? Target, string? Limit, string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public bool TryRead(DateTimeOffset now, out EventSearch search, out ProblemHttpResult? problem)
    {
        search = new EventSearch(TypeGlob: Given(Type), Hook: Given(Hook), Actor: Given(Actor), Target: Given(Target));
        problem = null;
        if (Given(Since) is { } since)
        {
            if (!AdminTime.TryParse(since, now, out var at))
            {
                problem = AdminProblems.BadParameter("since", $"'{AdminProblems.Truncate(since)}' is not a time: {AdminTime.Expected}.");
                return false;
            }

            search = search with { Since = at };
        }

        if (Given(Until) is { } until)
        {
            if (!AdminTime.TryParse(until, now, out var at))
            {
                problem = AdminProblems.BadParameter("until", $"'{AdminProblems.Truncate(until)}' is not a time: {AdminTime.Expected}.");
                return false;
            }

            if (search.Since is { } start && at <= start)
            {
                problem = AdminProblems.BadParameter("until", "until must be later than since.");
                return false;
            }

            search = search with { Until = at };
        }

        if (Given(Provenance) is { } provenance)
        {
            var value = ProvenanceNames.Parse(provenance);
            if (value is null)
            {
                problem = AdminProblems.BadParameter("provenance", $"provenance must be {ProvenanceNames.Help}; leave it out for all events.");
                return false;
            }

            search = search with { Provenance = value };
        }

        var limit = DefaultLimit;
        if (Given(Limit) is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            problem = AdminProblems.BadParameter("limit", $"limit must be a whole number from 1 to {MaxLimit}; leave it out for {DefaultLimit}.");
            return false;
        }

        search = search with { Limit = limit };
        if (Given(Cursor) is { } cursor)
        {
            if (!EventCursor.TryDecode(cursor, out var after))
            {
                problem = AdminProblems.BadParameter("cursor", "cursor is not one this API gave out; pass the 'next' value of the previous page as it was, or leave it out for the first page.");
                return false;
            }

            search = search with { After = after };
        }

        return true;
    }

    private static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

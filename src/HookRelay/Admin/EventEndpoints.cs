using HookRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HookRelay.Admin;

/// <summary><c>/api/v1/events</c>: search stored events and look at one with its deliveries.</summary>
internal static class EventEndpoints
{
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/events", Search)
            .WithSummary("Search events, newest first, a page at a time.")
            .WithDescription("Times are ISO-8601 or ages (30m, 2h, 7d) and compare against the event's published time (received time when it has none); type is a glob (user.lifecycle.*); actor matches actor.alternateId or actor.id, target any target's alternateId or id; provenance is push, pull or both (exactly); limit 1-500 (50); cursor is the previous page's next.");
        api.MapGet("/events/{uuid}", Detail)
            .WithSummary("One event: its JSON as stored and its delivery to each sink.");
        return api;
    }

    internal static Results<Ok<EventPageResponse>, ProblemHttpResult> Search(
        string? since, string? until, string? type, string? hook, string? provenance, string? actor, string? target, string? limit, string? cursor,
        IEventReader reader, TimeProvider time)
    {
        var parameters = new EventSearchParameters(since, until, type, hook, provenance, actor, target, limit, cursor);
        if (!parameters.TryRead(time.GetUtcNow(), out var search, out var problem))
        {
            return problem!;
        }

        var page = reader.Search(search);
        return TypedResults.Ok(new EventPageResponse(
            [.. page.Items.Select(i => EventItem.From(i.Summary, i.Provenance))],
            page.Next is { } next ? EventCursor.Encode(next) : null));
    }

    internal static Results<Ok<EventDetailResponse>, ProblemHttpResult> Detail(string uuid, IEventReader reader) =>
        reader.Detail(uuid) is { } detail ? TypedResults.Ok(EventDetailResponse.From(detail)) : AdminProblems.UnknownEvent(uuid);
}

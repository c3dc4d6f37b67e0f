using System.Globalization;
using HookRelay.Admin;
using HookRelay.Dashboard.Pages;
using HookRelay.Okta;
using HookRelay.Operations;
using HookRelay.Pipeline;
using HookRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HookRelay.Dashboard;

/// <summary>
/// The dashboard: pages rendered on the server from the same code the admin API answers with, and
/// plain forms for its two actions (replay a dead letter, backfill a window), which go back to
/// their page when done. Everything is served by this process; nothing needs a build or the internet.
/// </summary>
internal static class DashboardEndpoints
{
    private const string EventsPerPage = "50";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(string.Empty).AddEndpointFilter<DashboardAccessFilter>().ExcludeFromDescription();
        pages.MapGet("/", OverviewAsync);
        pages.MapGet("/events", EventsAsync);
        pages.MapGet("/events/{uuid}", EventAsync);
        pages.MapGet("/deadletters", DeadLettersAsync);
        pages.MapPost("/deadletters/replay", ReplayAsync);
        pages.MapGet("/okta", OktaAsync);
        pages.MapPost("/okta/{org}/backfill", BackfillAsync);
        app.MapSignIn();
        return app;
    }

    private static Task<IResult> OverviewAsync(
        HttpContext context, PageRenderer pages, IOverviewReader reader, IOktaStatusReader oktaReader, IDispatchAdmin admin, ConfiguredSinks sinks,
        HookRelayMetrics metrics, OktaMonitor okta, IOptions<OktaOptions> orgs, TimeProvider time) =>
        pages.RenderAsync<Overview>(context, "Overview", "overview", OverviewEndpoint.Overview(reader, oktaReader, admin, sinks, metrics, okta, orgs, time).Value!);

    private static Task<IResult> EventsAsync(
        HttpContext context, PageRenderer pages, IEventReader reader, TimeProvider time,
        string? type, string? since, string? until, string? actor, string? target, string? hook, string? provenance, string? cursor)
    {
        var search = new EventSearchForm(type, since, until, actor, target, hook, provenance);
        var view = EventEndpoints.Search(since, until, type, hook, provenance, actor, target, EventsPerPage, cursor, reader, time).Result switch
        {
            Ok<EventPageResponse> { Value: { } page } => new EventsView(search, page.Items, page.Next is { } next ? search.Address(next) : null, null),
            ProblemHttpResult problem => new EventsView(search, [], null, problem.ProblemDetails.Detail),
            var other => throw new InvalidOperationException($"Unexpected search result {other}."),
        };
        return pages.RenderAsync<Events>(context, "Events", "events", view, view.Problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static Task<IResult> EventAsync(HttpContext context, PageRenderer pages, IEventReader reader, string uuid) =>
        EventEndpoints.Detail(uuid, reader).Result is Ok<EventDetailResponse> { Value: { } detail }
            ? pages.RenderAsync<EventPage>(context, detail.EventType ?? "Event", "events", detail)
            : pages.ProblemAsync(context, StatusCodes.Status404NotFound, "Unknown event", $"The store holds no event with uuid '{AdminProblems.Truncate(uuid)}'.", "events");

    private static Task<IResult> DeadLettersAsync(
        HttpContext context, PageRenderer pages, IDispatchAdmin admin, IEventReader events, string? limit, string? sink, string? replayed, string? queued)
    {
        var count = Limit(limit);
        // The letter just replayed, as the store has it now: the address only names it.
        var delivery = sink is { Length: > 0 } && replayed is { Length: > 0 } && long.TryParse(queued, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? events.Detail(replayed)?.Deliveries.FirstOrDefault(d => string.Equals(d.Sink, sink, StringComparison.OrdinalIgnoreCase)) is { } found
                ? new ReplayedLetter(replayed, n, SinkDeliveryItem.From(found))
                : null
            : null;
        return pages.RenderAsync<DeadLetters>(context, "Dead letters", "deadletters", new DeadLettersView([.. admin.DeadLetters(null, count)], count, delivery));
    }

    private static async Task<IResult> ReplayAsync(
        HttpContext context, PageRenderer pages, IDispatchAdmin admin, ConfiguredSinks sinks, DispatchSignal dispatch, TimeProvider time)
    {
        var form = await FormAsync(context);
        // The button's value: sink:uuid. A sink's name is a configuration key and cannot hold a colon.
        var letter = form["letter"].ToString();
        var colon = letter.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == letter.Length - 1)
        {
            return await pages.ProblemAsync(context, StatusCodes.Status400BadRequest, "Replay refused", "The form names no dead letter (sink:uuid); use the Replay button of a dead letter.", "deadletters");
        }

        var (sink, uuid) = (letter[..colon], letter[(colon + 1)..]);

        return SinkEndpoints.Replay(new ReplayRequest(sink, null, null, null, uuid, DeadLettersOnly: true), admin, sinks, dispatch, time).Result switch
        {
            Ok<ReplayResponse> { Value: { } done } => Results.Redirect("/deadletters" + QueryString.Create(new KeyValuePair<string, string?>[]
            {
                new("limit", Limit(form["limit"]).ToString(CultureInfo.InvariantCulture)),
                new("sink", done.Sink),
                new("replayed", uuid),
                new("queued", done.Queued.ToString(CultureInfo.InvariantCulture)),
            }).ToUriComponent()),
            ProblemHttpResult problem => await pages.ProblemAsync(
                context, StatusCodes.Status400BadRequest, "Replay refused", problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "Replay refused.", "deadletters"),
            var other => throw new InvalidOperationException($"Unexpected replay result {other}."),
        };
    }

    private static Task<IResult> OktaAsync(HttpContext context, PageRenderer pages, IOptions<OktaOptions> okta, IOktaStatusReader reader, BackfillJobs backfills, TimeProvider time) =>
        pages.RenderAsync<Pages.Okta>(context, "Okta", "okta", new OktaView(OktaEndpoints.Orgs(okta, reader, backfills, time).Value!, null));

    private static async Task<IResult> BackfillAsync(
        HttpContext context, string org, PageRenderer pages, IOptions<OktaOptions> okta, IOktaStatusReader reader, BackfillJobs backfills, TimeProvider time)
    {
        if (!okta.Value.Orgs.ContainsKey(org))
        {
            return await pages.ProblemAsync(context, StatusCodes.Status404NotFound, "Backfill refused", $"No org named '{AdminProblems.Truncate(org)}' under Okta:Orgs.", "okta");
        }

        // As configured: the refusal is shown beside the form of the org of that name.
        org = OktaBackfillEndpoint.Configured(org, okta.Value);

        var form = await FormAsync(context);
        var until = form["until"].ToString();
        var request = new BackfillRequest(form["since"].ToString(), until.Length == 0 ? null : until);
        if ((await OktaBackfillEndpoint.Start(org, request, okta, backfills, time)).Result is ProblemHttpResult problem)
        {
            // The page again, with the reason beside the org's form.
            var orgs = OktaEndpoints.Orgs(okta, reader, backfills, time).Value!;
            var view = new OktaView(orgs, (org, problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "Backfill refused."));
            return await pages.RenderAsync<Pages.Okta>(context, "Okta", "okta", view, problem.StatusCode);
        }

        return Results.Redirect("/okta");
    }

    private static async Task<IFormCollection> FormAsync(HttpContext context) =>
        context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;

    /// <summary>How many dead letters to list: 50 unless the address asks for up to 1,000.</summary>
    private static int Limit(string? limit) =>
        int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= SinkEndpoints.MaxDeadLetters ? n : DeadLetters.Page;
}

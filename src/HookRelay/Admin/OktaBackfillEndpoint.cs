using HookRelay.Okta;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HookRelay.Admin;

/// <summary>
/// <c>POST /api/v1/okta/{org}/backfill</c> starts reading a window of the org's System Log and
/// storing what Okta never delivered, as <c>hookrelay reconcile --org --since --until</c> does, in the
/// background (<see cref="BackfillJobs"/>); <c>GET</c> on the same address says how far it got. It
/// goes through the server's own Okta client, so it shares the org's rate budget with reconciliation.
/// </summary>
internal static class OktaBackfillEndpoint
{
    private static readonly TimeSpan LongestWindow = TimeSpan.FromDays(7);

    public static RouteGroupBuilder MapOktaBackfillEndpoint(this RouteGroupBuilder api)
    {
        api.MapPost("/okta/{org}/backfill", Start)
            .WithSummary("Start reading the org's System Log between since and until (at most 7 days) and storing every event missing here; answers 202 with the backfill's status, 409 while one of the org is running.");
        api.MapGet("/okta/{org}/backfill", Status)
            .WithSummary("The org's running or last backfill, started on any instance on the store: state, events read and stored so far, and why it failed.");
        return api;
    }

    internal static async Task<Results<Accepted<BackfillStatus>, ProblemHttpResult>> Start(
        string org, BackfillRequest request, IOptions<OktaOptions> okta, BackfillJobs jobs, TimeProvider time)
    {
        if (!okta.Value.Orgs.TryGetValue(org, out var settings))
        {
            return UnknownOrg(org, okta.Value);
        }

        org = Configured(org, okta.Value);

        var now = time.GetUtcNow();
        if (request.Since is not { } sinceText || !AdminTime.TryParse(sinceText, now, out var since))
        {
            return AdminProblems.BadParameter("since", AdminTime.Expected);
        }

        var until = now;
        if (request.Until is { } untilText && !AdminTime.TryParse(untilText, now, out until))
        {
            return AdminProblems.BadParameter("until", AdminTime.Expected);
        }

        if (until <= since)
        {
            return AdminProblems.BadParameter("until", "'until' must be later than 'since'.");
        }

        if (until - since > LongestWindow)
        {
            return AdminProblems.BadParameter("since", "the window may be at most 7 days long; backfill longer windows with 'hookrelay reconcile --org'.");
        }

        var address = $"/api/v1/okta/{Uri.EscapeDataString(org)}/backfill";
        var (started, status) = await jobs.TryStartAsync(org, settings, since, until);
        if (!started)
        {
            // A second click would read the same pages again.
            return TypedResults.Problem(
                $"A backfill of {org} is already running ({status.Read} events read so far); GET {address} shows how far it got.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Backfill already running");
        }

        return TypedResults.Accepted(address, status);
    }

    internal static Results<Ok<BackfillStatus>, ProblemHttpResult> Status(string org, IOptions<OktaOptions> okta, BackfillJobs jobs)
    {
        if (!okta.Value.Orgs.ContainsKey(org))
        {
            return UnknownOrg(org, okta.Value);
        }

        return jobs.Latest(Configured(org, okta.Value)) is { } status
            ? TypedResults.Ok(status)
            : TypedResults.Problem($"No backfill of {org} has been started.", statusCode: StatusCodes.Status404NotFound, title: "No backfill");
    }

    /// <summary>The org's name as configured: Okta:Orgs matches names in any case, the store by the exact name.</summary>
    internal static string Configured(string org, OktaOptions okta) =>
        okta.Orgs.Keys.First(name => string.Equals(name, org, StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult UnknownOrg(string org, OktaOptions okta) =>
        AdminProblems.BadParameter("org", $"no org named '{AdminProblems.Truncate(org)}' under Okta:Orgs (orgs: {string.Join(", ", okta.Orgs.Keys)}).");
}

/// <param name="Since">ISO-8601 or an age such as 2h.</param>
/// <param name="Until">ISO-8601 or an age; now when left out.</param>
internal sealed record BackfillRequest(string? Since, string? Until);

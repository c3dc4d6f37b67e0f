using HookRelay.Okta;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HookRelay.Admin;

/// <summary>
/// <c>POST /api/v1/okta/{org}/backfill</c>: reads a window of the org's System Log and stores what
/// Okta never delivered, as <c>hookrelay reconcile --org --since --until</c> does; through the
/// server's own Okta client, so it shares the org's rate budget with reconciliation.
/// </summary>
internal static class OktaBackfillEndpoint
{
    private static readonly TimeSpan LongestWindow = TimeSpan.FromDays(7);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Running = new(StringComparer.OrdinalIgnoreCase);

    public static RouteGroupBuilder MapOktaBackfillEndpoint(this RouteGroupBuilder api)
    {
        api.MapPost("/okta/{org}/backfill", BackfillAsync)
            .WithSummary("Read the org's System Log between since and until (at most 7 days) and store every event missing here; answers what was read and stored.");
        return api;
    }

    internal static async Task<Results<Ok<BackfillResponse>, ProblemHttpResult>> BackfillAsync(
        string org,
        BackfillRequest request,
        IOptions<OktaOptions> okta,
        OktaClients clients,
        SystemLogReconciler reconciler,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!okta.Value.Orgs.TryGetValue(org, out var settings))
        {
            return AdminProblems.BadParameter("org", $"no org named '{AdminProblems.Truncate(org)}' under Okta:Orgs (orgs: {string.Join(", ", okta.Value.Orgs.Keys)}).");
        }

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

        // One backfill per org at a time: a second click would read the same pages again.
        var gate = Running.GetOrAdd(org, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0, cancellationToken))
        {
            return TypedResults.Problem($"A backfill of {org} is already running; wait for it to finish.", statusCode: StatusCodes.Status409Conflict, title: "Backfill already running");
        }

        try
        {
            return await RunAsync(org, settings, since, until, clients, reconciler, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<Results<Ok<BackfillResponse>, ProblemHttpResult>> RunAsync(
        string org, OktaOrgOptions settings, DateTimeOffset since, DateTimeOffset until, OktaClients clients, SystemLogReconciler reconciler, CancellationToken cancellationToken)
    {
        var hook = SystemLogReconciler.PulledHook(org, settings);
        var total = new ReconcileResult(0, 0);
        try
        {
            await SystemLogReconciler.ReadWindowAsync(
                settings, clients.For(org), since, until,
                page => reconciler.AppendAsync(org, hook, page.Events, cancellationToken),
                read => total = read,
                cancellationToken);
        }
        catch (Exception ex) when (ex is OktaApiException or HttpRequestException)
        {
            // What was read before the failure is stored; running the same window again finds the rest.
            return TypedResults.Problem(
                $"Reading {org}'s System Log failed after {total.Pulled} events ({total.Backfilled} stored): {ex.Message}",
                statusCode: StatusCodes.Status502BadGateway,
                title: "Okta could not be read");
        }

        return TypedResults.Ok(new BackfillResponse(org, since, until, total.Pulled, total.Backfilled));
    }
}

/// <param name="Since">ISO-8601 or an age such as 2h.</param>
/// <param name="Until">ISO-8601 or an age; now when left out.</param>
internal sealed record BackfillRequest(string? Since, string? Until);

/// <param name="Read">Events the System Log had in the window.</param>
/// <param name="Backfilled">Of those, events that were missing here and are now stored and queued for their sinks.</param>
internal sealed record BackfillResponse(string Org, DateTimeOffset Since, DateTimeOffset Until, int Read, int Backfilled);

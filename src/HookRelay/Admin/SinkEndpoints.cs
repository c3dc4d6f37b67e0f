using HookRelay.Pipeline;
using HookRelay.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HookRelay.Admin;

/// <summary><c>/api/v1/sinks</c>, <c>/api/v1/deadletters</c> and <c>/api/v1/replay</c>: as <c>hookrelay sinks</c>, <c>deadletters</c> and <c>replay</c>.</summary>
internal static class SinkEndpoints
{
    public const int DefaultDeadLetters = 100;
    public const int MaxDeadLetters = 1000;

    public static RouteGroupBuilder MapSinkEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/sinks", Sinks)
            .WithSummary("Each sink's pending, in-flight, delivered, failing and dead work, and its pause.")
            .WithDescription("delivered is the sink's deliveries all time: retention, which deletes old delivered work, does not lower it, and an event replayed and delivered again counts again. The other figures are the work the store holds now.");
        api.MapGet("/deadletters", DeadLetters).WithSummary("Dead letters, newest first, of one sink or all (limit 1-1000, 100).");
        api.MapPost("/replay", Replay).WithSummary("Queue stored events for a sink again (the selection of 'hookrelay replay').");
        return api;
    }

    internal static Ok<List<SinkStatus>> Sinks(IDispatchAdmin admin, ConfiguredSinks configured)
    {
        var stored = admin.Status()
            .GroupBy(s => s.Sink, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var names = configured.Names;
        // Configured sinks first, idle ones too; then sinks the store holds work or a total for.
        List<SinkStatus> statuses =
        [
            .. names.Select(name => stored.GetValueOrDefault(name) ?? new SinkStatus(name, 0, 0, 0, 0, 0, null)),
            .. stored.Values.Where(s => configured.Find(s.Sink) is null),
        ];
        return TypedResults.Ok(statuses);
    }

    internal static Results<Ok<List<DeadLetter>>, ProblemHttpResult> DeadLetters(string? sink, string? limit, IDispatchAdmin admin)
    {
        var count = DefaultDeadLetters;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxDeadLetters))
        {
            return AdminProblems.BadParameter("limit", $"limit must be a whole number from 1 to {MaxDeadLetters}; leave it out for {DefaultDeadLetters}.");
        }

        return TypedResults.Ok(admin.DeadLetters(string.IsNullOrEmpty(sink) ? null : sink, count).ToList());
    }

    internal static Results<Ok<ReplayResponse>, ProblemHttpResult> Replay(ReplayRequest request, IDispatchAdmin admin, ConfiguredSinks configured, DispatchSignal dispatch, TimeProvider time)
    {
        if (string.IsNullOrEmpty(request.Sink))
        {
            return AdminProblems.BadParameter("sink", $"sink is required: the sink to deliver to again (configured: {string.Join(", ", configured.Names)}).");
        }

        if (configured.Find(request.Sink) is not { } sink)
        {
            return AdminProblems.BadParameter("sink", $"No sink named '{AdminProblems.Truncate(request.Sink)}' is configured (configured: {string.Join(", ", configured.Names)}).");
        }

        var now = time.GetUtcNow();
        DateTimeOffset? since = null, until = null;
        if (!string.IsNullOrEmpty(request.Since))
        {
            if (!AdminTime.TryParse(request.Since, now, out var at))
            {
                return AdminProblems.BadParameter("since", $"'{AdminProblems.Truncate(request.Since)}' is not a time: {AdminTime.Expected}.");
            }

            since = at;
        }

        if (!string.IsNullOrEmpty(request.Until))
        {
            if (!AdminTime.TryParse(request.Until, now, out var at))
            {
                return AdminProblems.BadParameter("until", $"'{AdminProblems.Truncate(request.Until)}' is not a time: {AdminTime.Expected}.");
            }

            until = at;
        }

        var selection = new ReplaySelection(sink, since, until, NullIfEmpty(request.Type), NullIfEmpty(request.Uuid), request.DeadLettersOnly);
        var queued = admin.Replay(selection);
        if (queued > 0)
        {
            dispatch.Notify(); // delivered now, not at the dispatcher's next look
        }

        return TypedResults.Ok(new ReplayResponse(sink, queued));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

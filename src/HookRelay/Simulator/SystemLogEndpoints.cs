using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace HookRelay.Simulator;

/// <summary>
/// <c>GET /api/v1/logs</c> as Okta serves it: SSWS authentication, rate-limit headers and 429s,
/// polling requests (no <c>until</c>: an endless stream with a <c>next</c> link on every page)
/// and bounded ones (<c>since</c> + <c>until</c>, published order, no <c>next</c> on the last page).
/// </summary>
internal static class SystemLogEndpoints
{
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapSimulatedSystemLog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/logs", GetLogs);
        return app;
    }

    internal static IResult GetLogs(HttpContext context, SimulatedSystemLog log, SimulatedRateLimit rateLimit, SimulatedAuthorization authorization, TimeProvider timeProvider)
    {
        var request = context.Request;
        if (authorization.Check(request) is { } refused)
        {
            return refused;
        }

        if (!rateLimit.TryTake(context.Response))
        {
            return OktaErrors.Error(StatusCodes.Status429TooManyRequests, "E0000047", "API call exceeded rate limit due to too many requests.");
        }

        var query = request.Query;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 100;
        if (limit is < 0 or > MaxLimit || !SystemLogFilter.TryParse(query["filter"], out var filter))
        {
            return OktaErrors.Error(StatusCodes.Status400BadRequest, "E0000053", "Invalid value for parameter: limit or filter");
        }

        var now = timeProvider.GetUtcNow();
        var since = Time(query["since"]) ?? now.AddDays(-7);
        var until = Time(query["until"]);
        var links = new List<string> { $"<{Url(request, query.ToDictionary(q => q.Key, q => q.Value.ToString()))}>; rel=\"self\"" };
        IReadOnlyList<SimulatedLogEvent> page;
        if (until is null)
        {
            // Polling: the cursor is a persistence position; a next link always comes back.
            var start = Cursor(query["after"]) ?? log.StartOfPolling(since);
            (page, var cursor) = log.Poll(start, filter, limit);
            links.Add($"<{Next(request, query, cursor)}>; rel=\"next\"");
        }
        else
        {
            var all = log.Between(since, until.Value, filter);
            var offset = (int)(Cursor(query["after"]) ?? 0);
            page = [.. all.Skip(offset).Take(limit)];
            if (offset + page.Count < all.Count)
            {
                links.Add($"<{Next(request, query, offset + page.Count)}>; rel=\"next\"");
            }
        }

        // Okta sends each link as its own header line.
        context.Response.Headers.Append("Link", new Microsoft.Extensions.Primitives.StringValues([.. links]));
        var body = "[" + string.Join(',', page.Select(e => e.Json)) + "]";
        return TypedResults.Text(body, "application/json", Encoding.UTF8);
    }

    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static long? Cursor(string? after) =>
        string.IsNullOrEmpty(after) ? null : long.Parse(Encoding.ASCII.GetString(WebEncoders.Base64UrlDecode(after)), CultureInfo.InvariantCulture);

    private static string Next(HttpRequest request, IQueryCollection query, long position)
    {
        var parameters = query.Where(q => q.Key is not "after" and not "since").ToDictionary(q => q.Key, q => q.Value.ToString());
        if (query.ContainsKey("until") && query.ContainsKey("since"))
        {
            parameters["since"] = query["since"].ToString();
        }

        parameters["after"] = WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes(position.ToString(CultureInfo.InvariantCulture)));
        return Url(request, parameters);
    }

    private static string Url(HttpRequest request, IDictionary<string, string> parameters) =>
        QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.Path}", parameters.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
}

namespace HookRelay.Dashboard;

/// <summary>
/// Cross-site request forgery defence for the dashboard's forms (replay, backfill, sign in and out):
/// a POST is taken only when the browser says it came from a page of this same origin. Browsers
/// send <c>Sec-Fetch-Site</c> (Fetch Metadata) with every request and <c>Origin</c> with every POST,
/// and a page cannot forge either. Works across instances with no token to share; the session
/// cookie is also SameSite=Lax.
/// </summary>
internal static class SameOrigin
{
    public const string RefusalTitle = "Form from another site refused";

    public const string Refusal = "This form was not sent from one of this dashboard's own pages (Sec-Fetch-Site / Origin), so it was not acted on. Open the dashboard and use its buttons; scripts use the admin API with a bearer token.";

    public static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site == "same-origin";
        }

        // Older browsers: the Origin of the page that posted must name this host (and port).
        return Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
            && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}

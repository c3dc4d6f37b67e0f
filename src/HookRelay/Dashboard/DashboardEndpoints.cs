using System.Reflection;
using HookRelay.Admin;

namespace HookRelay.Dashboard;

/// <summary>
/// The dashboard's files at <c>/</c>, embedded in the executable: nothing to build, nothing from
/// the internet. They hold no data (the page asks the admin API, with the admin token), so they are
/// served to anyone the admin API would answer or ask for a token, and refused like it otherwise.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
    };

    private static readonly Dictionary<string, byte[]> Files = ContentTypes.Keys.ToDictionary(name => name, Read, StringComparer.Ordinal);

    private static readonly Lazy<byte[]> TokenRequiredPage = new(() => System.Text.Encoding.UTF8.GetBytes(
        System.Text.Encoding.UTF8.GetString(Files["index.html"]).Replace("<body>", "<body data-token-required>", StringComparison.Ordinal)));

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context, AdminAccessPolicy policy) => Serve(context, policy, "index.html")).ExcludeFromDescription();
        app.MapGet("/dashboard/{file}", (HttpContext context, AdminAccessPolicy policy, string file) => Serve(context, policy, file)).ExcludeFromDescription();

        return app;
    }

    private static IResult Serve(HttpContext context, AdminAccessPolicy policy, string file)
    {
        if (policy.Decide(context) == AdminAccess.LoopbackOnly)
        {
            return AdminProblems.LoopbackOnly();
        }

        if (!Files.TryGetValue(file, out var content))
        {
            return TypedResults.NotFound();
        }

        // The page asks for a token before its first API call (which would fail) when the server wants one.
        if (file == "index.html" && policy.RequiresToken)
        {
            content = TokenRequiredPage.Value;
        }

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(content, ContentTypes[file]);
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"dashboard/{name}")
            ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

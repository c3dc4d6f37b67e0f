using System.Reflection;
using System.Security.Cryptography;
using HookRelay.Admin;
using Microsoft.Net.Http.Headers;

namespace HookRelay.Dashboard;

/// <summary>
/// The dashboard's files at <c>/</c>, embedded in the executable: nothing to build, nothing from
/// the internet. They hold no data (the page asks the admin API, with the admin token), so they are
/// served to anyone the admin API would answer or ask for a token, and refused like it otherwise.
/// </summary>
internal static class DashboardEndpoints
{
    private const string Page = "index.html";

    /// <summary>The page as served when the admin API wants a token; only ever served at <c>/</c>.</summary>
    private const string TokenRequiredPage = "index.html+token";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [Page] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
    };

    private static readonly Dictionary<string, DashboardFile> Files = Load();

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context, AdminAccessPolicy policy) => Serve(context, policy, Page)).ExcludeFromDescription();
        app.MapGet("/dashboard/{file}", (HttpContext context, AdminAccessPolicy policy, string file) =>
            file != Page && ContentTypes.ContainsKey(file) ? Serve(context, policy, file) : TypedResults.NotFound()).ExcludeFromDescription();

        return app;
    }

    private static IResult Serve(HttpContext context, AdminAccessPolicy policy, string name)
    {
        if (policy.Decide(context) == AdminAccess.LoopbackOnly)
        {
            return AdminProblems.LoopbackOnly();
        }

        if (name == Page && policy.RequiresToken)
        {
            // The page asks for a token before its first API call (which would fail) when the server wants one.
            name = TokenRequiredPage;
        }

        var file = Files[name];
        // The page names its scripts and styles with their version (?v=), so those URLs never change
        // content and the browser keeps them; the page itself is checked every time (ETag → 304).
        context.Response.Headers.CacheControl = file.ContentType != ContentTypes[Page] && context.Request.Query["v"] == file.Version
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(file.Content, file.ContentType, entityTag: new EntityTagHeaderValue($"\"{file.Version}\""));
    }

    private static Dictionary<string, DashboardFile> Load()
    {
        var files = ContentTypes.ToDictionary(entry => entry.Key, entry => DashboardFile.Of(Read(entry.Key), entry.Value), StringComparer.Ordinal);
        var page = System.Text.Encoding.UTF8.GetString(files[Page].Content);
        foreach (var asset in ContentTypes.Keys.Where(name => name != Page))
        {
            page = page.Replace($"/dashboard/{asset}\"", $"/dashboard/{asset}?v={files[asset].Version}\"", StringComparison.Ordinal);
        }

        files[Page] = DashboardFile.Of(System.Text.Encoding.UTF8.GetBytes(page), ContentTypes[Page]);
        files[TokenRequiredPage] = DashboardFile.Of(
            System.Text.Encoding.UTF8.GetBytes(page.Replace("<body>", "<body data-token-required>", StringComparison.Ordinal)), ContentTypes[Page]);
        return files;
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"dashboard/{name}")
            ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <param name="Version">The first 16 hex digits of the content's SHA-256: its ETag and its <c>?v=</c>.</param>
    private sealed record DashboardFile(byte[] Content, string ContentType, string Version)
    {
        public static DashboardFile Of(byte[] content, string contentType) =>
            new(content, contentType, Convert.ToHexStringLower(SHA256.HashData(content))[..16]);
    }
}

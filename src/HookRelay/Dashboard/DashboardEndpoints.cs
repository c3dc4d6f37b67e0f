using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using HookRelay.Admin;
using Microsoft.Net.Http.Headers;

namespace HookRelay.Dashboard;

/// <summary>
/// The dashboard at <c>/</c>: one page, embedded in the executable, with its styles and script inside
/// it — nothing to build, nothing from the internet, and one request before the page asks the admin
/// API for its data (a first load in a fresh browser waited for three). The page holds no data, so it
/// is served to anyone the admin API would answer or ask for a token, and refused like it otherwise.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly DashboardPage Open = DashboardPage.Build(tokenRequired: false);

    /// <summary>The page as served when the admin API wants a token: it asks for one before its first API call.</summary>
    private static readonly DashboardPage TokenRequired = DashboardPage.Build(tokenRequired: true);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context, AdminAccessPolicy policy) => Serve(context, policy)).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, AdminAccessPolicy policy)
    {
        if (policy.Decide(context) == AdminAccess.LoopbackOnly)
        {
            return AdminProblems.LoopbackOnly();
        }

        var page = policy.RequiresToken ? TokenRequired : Open;
        // Checked on every load (ETag → 304), so a new release's page is never hidden by the cache.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["Content-Security-Policy"] = page.ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(page.Content, "text/html; charset=utf-8", entityTag: new EntityTagHeaderValue($"\"{page.Version}\""));
    }

    /// <param name="Version">The first 16 hex digits of the page's SHA-256: its ETag.</param>
    /// <param name="ContentSecurityPolicy">Allows exactly the page's own style and script (by hash) and nothing inline besides.</param>
    private sealed record DashboardPage(byte[] Content, string Version, string ContentSecurityPolicy)
    {
        public static DashboardPage Build(bool tokenRequired)
        {
            var css = Read("app.css", "style");
            var js = Read("app.js", "script");
            var html = Read("index.html", null);
            html = Inline(html, "<link rel=\"stylesheet\" href=\"app.css\">", $"<style>{css}</style>");
            html = Inline(html, "<script src=\"app.js\"></script>", $"<script>{js}</script>");
            if (tokenRequired)
            {
                html = Inline(html, "<html lang=\"en\">", "<html lang=\"en\" data-token-required>");
            }

            var content = Encoding.UTF8.GetBytes(html);
            var policy = $"default-src 'self'; img-src 'self' data:; style-src '{Hash(css)}'; script-src '{Hash(js)}'; frame-ancestors 'none'";
            return new DashboardPage(content, Convert.ToHexStringLower(SHA256.HashData(content))[..16], policy);
        }

        private static string Inline(string html, string tag, string replacement) =>
            html.Contains(tag, StringComparison.Ordinal)
                ? html.Replace(tag, replacement, StringComparison.Ordinal)
                : throw new InvalidOperationException($"The dashboard page has no {tag} to fill.");

        private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));

        /// <param name="element">The element the file goes inside, if any.</param>
        private static string Read(string name, string? element)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"dashboard/{name}")
                ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            // Inside the page, its element's closing tag in the file would end the element early.
            return element is not null && text.Contains($"</{element}", StringComparison.OrdinalIgnoreCase)
                ? throw new InvalidOperationException($"The dashboard file {name} contains </{element}, which would end it inside the page.")
                : text;
        }
    }
}

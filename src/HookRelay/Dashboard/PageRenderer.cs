using HookRelay.Admin;
using HookRelay.Dashboard.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace HookRelay.Dashboard;

/// <summary>
/// Renders a dashboard page on the server: the page's Razor component inside <see cref="Layout"/>, as
/// one HTML document that arrives with its data in it (a script-built page waited for a second
/// request and a script before it showed anything, 50-100 ms more on a first load).
/// </summary>
internal sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers, AdminAccessPolicy access)
{
    /// <param name="active">The header link to mark: overview, events, deadletters or okta; null for none.</param>
    /// <param name="signOut">Offer Sign out when the server wants a token (not on the sign-in page itself).</param>
    public async Task<IResult> RenderAsync<TPage>(
        HttpContext context, string title, string? active, object model, int status = StatusCodes.Status200OK, bool signOut = true)
        where TPage : IComponent
    {
        RenderFragment body = builder =>
        {
            builder.OpenComponent<TPage>(0);
            builder.AddComponentParameter(1, "Model", model);
            builder.CloseComponent();
        };
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(Layout.Title)] = title,
            [nameof(Layout.Active)] = active,
            [nameof(Layout.SignOut)] = signOut && access.RequiresToken,
            [nameof(Layout.ChildContent)] = body,
        });

        // A renderer keeps what it rendered until disposed: one per page.
        await using var renderer = new HtmlRenderer(services, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<Layout>(parameters)).ToHtmlString());
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = DashboardAssets.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>A page that says why what was asked could not be shown or done.</summary>
    public Task<IResult> ProblemAsync(HttpContext context, int status, string title, string detail, string? active = null) =>
        RenderAsync<ProblemPage>(context, title, active, new ProblemView(title, detail), status);
}

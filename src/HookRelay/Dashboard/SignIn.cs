using HookRelay.Admin;
using HookRelay.Dashboard.Pages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HookRelay.Dashboard;

/// <summary>
/// <c>/login</c> and <c>/logout</c>: with <c>Admin:Tokens</c> set, a browser signs in once with a
/// token and gets a session cookie (<see cref="DashboardSession"/>, 12 hours) in place of the bearer
/// header it cannot send when it opens a page.
/// </summary>
internal static class SignIn
{
    public static string Address(string returnTo) => "/login" + QueryString.Create("return", returnTo).ToUriComponent();

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", Form).ExcludeFromDescription();
        app.MapPost("/login", SignInAsync).ExcludeFromDescription();
        app.MapPost("/logout", SignOut).ExcludeFromDescription();
        return app;
    }

    private static Task<IResult> Form(HttpContext context, string? @return, AdminAccessPolicy policy, PageRenderer pages) =>
        policy.RequiresToken
            ? pages.RenderAsync<Login>(context, "Sign in", null, new SignInView(Local(@return), null), signOut: false)
            : Task.FromResult(Results.Redirect(Local(@return))); // nothing to sign in to: loopback clients go straight in

    private static async Task<IResult> SignInAsync(HttpContext context, AdminAccessPolicy policy, PageRenderer pages, TimeProvider time)
    {
        if (!SameOrigin.IsSameOrigin(context.Request))
        {
            return await pages.ProblemAsync(context, StatusCodes.Status403Forbidden, SameOrigin.RefusalTitle, SameOrigin.Refusal);
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        var returnTo = Local(form["return"]);
        if (!policy.RequiresToken)
        {
            return Results.Redirect(returnTo);
        }

        var token = form["token"].ToString();
        if (!policy.IsToken(token))
        {
            return await pages.RenderAsync<Login>(context, "Sign in", null,
                new SignInView(returnTo, "That is not one of Admin:Tokens (hook secrets do not open the dashboard)."), StatusCodes.Status401Unauthorized, signOut: false);
        }

        context.Response.Cookies.Append(DashboardSession.CookieName, DashboardSession.Issue(token, time.GetUtcNow()), Cookie(context));
        return Results.Redirect(returnTo);
    }

    private static IResult SignOut(HttpContext context)
    {
        // Leaving needs no same-origin check: the worst a forged sign-out does is ask for the token again.
        context.Response.Cookies.Delete(DashboardSession.CookieName, Cookie(context));
        return Results.Redirect("/login");
    }

    private static CookieOptions Cookie(HttpContext context) => new()
    {
        HttpOnly = true,
        // Lax, not Strict: a link to a dashboard page from chat or a ticket opens it signed in. Forms are checked by SameOrigin.
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        Path = "/",
        MaxAge = DashboardSession.Lifetime,
    };

    /// <summary>
    /// Only a path on this server: a sign-in link must not send the browser elsewhere afterwards.
    /// IsLocalUrl refuses <c>//host</c>, <c>/\host</c> and control characters (browsers drop a tab,
    /// so <c>/%09/host</c> would be <c>//host</c>); ASCII only, as a Location header must be.
    /// </summary>
    private static string Local(string? path) =>
        path is ['/', ..] && RedirectHttpResult.IsLocalUrl(path) && path.All(char.IsAscii) ? path : "/";
}

using HookRelay.Admin;
using HookRelay.Storage;

namespace HookRelay.Dashboard;

/// <summary>
/// In front of every dashboard page and form: the admin rule (<see cref="AdminAccessPolicy"/>; a
/// browser signs in for a cookie), forms only from the dashboard's own pages, and a store that
/// cannot be read shown as a 503 page, as the API answers it.
/// </summary>
internal sealed partial class DashboardAccessFilter(AdminAccessPolicy policy, PageRenderer pages, ILogger<DashboardAccessFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        switch (policy.DecidePage(http))
        {
            case AdminAccess.LoopbackOnly:
                return await pages.ProblemAsync(http, StatusCodes.Status403Forbidden, "Dashboard is loopback-only", AdminProblems.LoopbackOnlyDetail);
            case AdminAccess.MissingToken or AdminAccess.WrongToken:
                return Results.Redirect(SignIn.Address(HttpMethods.IsGet(http.Request.Method) ? http.Request.Path + http.Request.QueryString : "/"));
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !SameOrigin.IsSameOrigin(http.Request))
        {
            return await pages.ProblemAsync(http, StatusCodes.Status403Forbidden, SameOrigin.RefusalTitle, SameOrigin.Refusal);
        }

        try
        {
            return await next(context);
        }
        catch (StoreUnavailableException ex)
        {
            StoreFailed(logger, http.Request.Path, ex.Message);
            http.Response.Headers.RetryAfter = "5";
            return await pages.ProblemAsync(http, StatusCodes.Status503ServiceUnavailable, "Store unavailable", "The store could not be read; the server log says why. This page tries again when reloaded.");
        }
    }

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Dashboard page {Path} answered 503: {Reason}")]
    private static partial void StoreFailed(ILogger logger, string path, string reason);
}

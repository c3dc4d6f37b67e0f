using HookRelay.Admin;
using HookRelay.Dashboard.Pages;
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
                return await pages.RenderAsync<ProblemPage>(http, "Loopback only", null, new ProblemView("Dashboard is loopback-only", AdminProblems.LoopbackOnlyDetail), StatusCodes.Status403Forbidden);
            case AdminAccess.MissingToken or AdminAccess.WrongToken:
                return Results.Redirect(SignIn.Address(HttpMethods.IsGet(http.Request.Method) ? http.Request.Path + http.Request.QueryString : "/"));
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !SameOrigin.IsSameOrigin(http.Request))
        {
            return await pages.RenderAsync<ProblemPage>(http, "Refused", null, new ProblemView("Form from another site refused", SameOrigin.Refusal), StatusCodes.Status403Forbidden);
        }

        try
        {
            return await next(context);
        }
        catch (StoreUnavailableException ex)
        {
            StoreFailed(logger, http.Request.Path, ex.Message);
            http.Response.Headers.RetryAfter = "5";
            return await pages.RenderAsync<ProblemPage>(http, "Store unavailable", null, new ProblemView("Store unavailable", "The store could not be read; the server log says why. This page tries again when reloaded."), StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Dashboard page {Path} answered 503: {Reason}")]
    private static partial void StoreFailed(ILogger logger, string path, string reason);
}

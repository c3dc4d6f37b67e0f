using Microsoft.Net.Http.Headers;

namespace HookRelay.Admin;

/// <summary>Applies <see cref="AdminAccessPolicy"/> to an endpoint or a route group.</summary>
internal sealed class AdminAccessFilter(AdminAccessPolicy policy) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var access = policy.Decide(context.HttpContext);
        if (access == AdminAccess.Granted)
        {
            return next(context);
        }

        if (access is AdminAccess.MissingToken or AdminAccess.WrongToken)
        {
            context.HttpContext.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        }

        object problem = access switch
        {
            AdminAccess.MissingToken => AdminProblems.MissingToken(),
            AdminAccess.WrongToken => AdminProblems.WrongToken(),
            _ => AdminProblems.LoopbackOnly(),
        };
        return ValueTask.FromResult<object?>(problem);
    }
}

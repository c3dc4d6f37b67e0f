using HookRelay.Storage;

namespace HookRelay.Admin;

/// <summary>A store that cannot be read answers 503, as the receiver does, instead of a bare 500.</summary>
internal sealed partial class StoreFaultFilter(ILogger<StoreFaultFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (StoreUnavailableException ex)
        {
            StoreFailed(logger, context.HttpContext.Request.Path, ex.Message);
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return AdminProblems.StoreUnavailable();
        }
    }

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Admin API {Path} answered 503: {Reason}")]
    private static partial void StoreFailed(ILogger logger, string path, string reason);
}

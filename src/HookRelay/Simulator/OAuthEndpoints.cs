namespace HookRelay.Simulator;

/// <summary><c>POST /oauth2/v1/token</c>: the org authorization server's token endpoint, client credentials only.</summary>
internal static class OAuthEndpoints
{
    public static IEndpointRouteBuilder MapSimulatedOAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/oauth2/v1/token", TokenAsync).DisableAntiforgery();
        return app;
    }

    internal static async Task<IResult> TokenAsync(HttpRequest request, SimulatedOAuth oauth)
    {
        if (!request.HasFormContentType)
        {
            return SimulatedOAuth.Error(StatusCodes.Status400BadRequest, "invalid_request", "The token request must be application/x-www-form-urlencoded.");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var endpoint = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}");
        return await oauth.TokenAsync(form, request.Headers["DPoP"].ToString(), endpoint);
    }
}

using Microsoft.Extensions.Options;

namespace HookRelay.Simulator;

/// <summary>Who may call the simulated org's API: the configured SSWS API token, or an unexpired access token the org issued.</summary>
internal sealed class SimulatedAuthorization(IOptions<SimulatorOptions> options, SimulatedOAuth oauth)
{
    /// <summary>Null when the request may proceed; otherwise Okta's 401 answer.</summary>
    public IResult? Check(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var allowed = header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? oauth.Accepts(header["Bearer ".Length..])
            : options.Value.ApiToken.Length > 0 && string.Equals(header, $"SSWS {options.Value.ApiToken}", StringComparison.Ordinal);
        return allowed ? null : OktaErrors.Error(StatusCodes.Status401Unauthorized, "E0000011", "Invalid token provided");
    }
}

using Microsoft.Extensions.Options;

namespace HookRelay.Simulator;

/// <summary>Who may call the simulated org's API: the configured SSWS API token.</summary>
internal sealed class SimulatedAuthorization(IOptions<SimulatorOptions> options)
{
    /// <summary>Null when the request may proceed; otherwise Okta's 401 answer.</summary>
    public IResult? Check(HttpRequest request) =>
        string.Equals(request.Headers.Authorization.ToString(), $"SSWS {options.Value.ApiToken}", StringComparison.Ordinal)
            ? null
            : OktaErrors.Error(StatusCodes.Status401Unauthorized, "E0000011", "Invalid token provided");
}

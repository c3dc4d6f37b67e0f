using HookRelay.Simulator.Delivery;
using HookRelay.Simulator.Generation;

namespace HookRelay.Simulator;

/// <summary>How the simulated org behaves towards API clients.</summary>
internal sealed class SimulatorOptions
{
    /// <summary>The API token (<c>Authorization: SSWS …</c>) the org accepts.</summary>
    public string ApiToken { get; set; } = string.Empty;

    /// <summary>Requests per rate-limit window on <c>/api/v1/logs</c> (Okta: 20–120 a minute per org).</summary>
    public int LogsRequestsPerWindow { get; set; } = 120;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a hook has to answer the verification GET (Okta: 3 s, then one retry).</summary>
    public TimeSpan VerificationTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The OAuth 2.0 service app whose access tokens (<c>Authorization: Bearer …</c>) the org accepts.</summary>
    public SimulatedServiceAppOptions ServiceApp { get; } = new();

    /// <summary>Seeds generated traffic and the delivery faults, so that a run can be repeated.</summary>
    public int Seed { get; set; } = 1;

    public SimulatedTrafficOptions Traffic { get; set; } = new();

    public SimulatedDeliveryOptions Delivery { get; set; } = new();
}

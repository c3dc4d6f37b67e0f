namespace HookRelay.Simulator;

/// <summary>Okta's error object, as the real API returns it.</summary>
internal static class OktaErrors
{
    public static IResult Error(int status, string code, string summary, params IEnumerable<string> causes) =>
        TypedResults.Json(
            new OktaError(code, summary, code, Guid.NewGuid().ToString("N")[..20], [.. causes.Select(c => new OktaErrorCause(c))]),
            SimulatorJsonContext.Default.OktaError,
            statusCode: status);
}

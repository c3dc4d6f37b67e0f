using Microsoft.AspNetCore.Http.HttpResults;

namespace HookRelay.Receiver;

/// <summary>The problem bodies of /hooks/{name}. None of them echoes a header value.</summary>
internal static class HookProblems
{
    public static ProblemHttpResult UnknownHook(string name) =>
        Problem(StatusCodes.Status404NotFound, "Unknown hook", $"No hook named '{Truncate(name)}' is configured.");

    public static ProblemHttpResult MissingSecret(string headerName) =>
        Problem(StatusCodes.Status401Unauthorized, "Missing secret", $"The request has no {headerName} header; send the hook's secret in it.");

    public static ProblemHttpResult WrongSecret(string headerName) =>
        Problem(StatusCodes.Status401Unauthorized, "Wrong secret", $"The {headerName} header does not hold a secret of this hook.");

    public static ProblemHttpResult MissingChallenge() =>
        Problem(StatusCodes.Status400BadRequest, "Missing verification challenge", $"A GET must carry the {HookEndpoints.ChallengeHeader} header; event deliveries are POSTs.");

    public static ProblemHttpResult NotJson() =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Body is not JSON", "Deliveries must be sent with Content-Type: application/json.");

    public static ProblemHttpResult TooLarge(long maxBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"This hook accepts bodies of at most {maxBytes} bytes (Hooks:{{name}}:MaxBodyBytes).");

    public static ProblemHttpResult TooManyEvents(string error) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Too many events", error);

    public static ProblemHttpResult Malformed(string error) =>
        Problem(StatusCodes.Status400BadRequest, "Malformed delivery", error);

    public static ProblemHttpResult IncompleteBody() =>
        Problem(StatusCodes.Status400BadRequest, "Incomplete body", "The body ended before its Content-Length.");

    public static ProblemHttpResult StoreUnavailable() =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Store unavailable", "The delivery could not be stored; nothing was acknowledged. Retry shortly.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace HookRelay.Admin;

/// <summary>The problem bodies of the admin API. None of them echoes a token.</summary>
internal static class AdminProblems
{
    public static ProblemHttpResult MissingToken() =>
        Problem(StatusCodes.Status401Unauthorized, "Missing admin token", "Send one of Admin:Tokens in an 'Authorization: Bearer <token>' header.");

    public static ProblemHttpResult WrongToken() =>
        Problem(StatusCodes.Status401Unauthorized, "Wrong admin token", "The bearer token is not one of Admin:Tokens (hook secrets do not open the admin API).");

    public const string LoopbackOnlyDetail =
        "No admin token is configured, so only clients on this machine that call it localhost, 127.0.0.1 or [::1], and not through a proxy, are answered; set Admin:Tokens (24+ characters) to use the admin API and the dashboard from elsewhere.";

    public static ProblemHttpResult LoopbackOnly() =>
        Problem(StatusCodes.Status403Forbidden, "Admin API is loopback-only", LoopbackOnlyDetail);

    public static ProblemHttpResult BadParameter(string parameter, string detail) =>
        Problem(StatusCodes.Status400BadRequest, $"Bad parameter '{parameter}'", detail);

    public static ProblemHttpResult UnknownEvent(string uuid) =>
        Problem(StatusCodes.Status404NotFound, "Unknown event", $"The store holds no event with uuid '{Truncate(uuid)}'.");

    public static ProblemHttpResult StoreUnavailable() =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Store unavailable", "The store could not be read; the server log says why. Retry shortly.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

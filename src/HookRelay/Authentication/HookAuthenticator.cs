using HookRelay.Hooks;
using HookRelay.Operations;

namespace HookRelay.Authentication;

/// <summary>Checks the shared secret header of a request; the header value is never logged or echoed.</summary>
internal sealed class HookAuthenticator(AuthFailureLog failureLog, HookRelayMetrics metrics, HookSecretRotations rotations, TimeProvider timeProvider)
{
    public HookSecretCheck Check(RegisteredHook hook, HttpContext context)
    {
        var values = context.Request.Headers[hook.HeaderName];
        var match = values.Count == 1 ? hook.Match(values[0] ?? string.Empty) : -1;
        var result = values.Count switch
        {
            0 => HookSecretCheck.Missing,
            1 when match >= 0 => HookSecretCheck.Accepted,
            _ => HookSecretCheck.Mismatch,
        };
        if (hook.WatchedSecret(match) is { } newSecret && HttpMethods.IsPost(context.Request.Method))
        {
            // A delivery, not only the verification GET, carried the rotated secret: Okta has switched.
            rotations.NewSecretUsed(hook.Name, newSecret, timeProvider.GetUtcNow());
        }

        if (result != HookSecretCheck.Accepted)
        {
            var reason = result == HookSecretCheck.Missing ? "missing" : "mismatch";
            metrics.AuthFailed(hook.Name, reason);
            failureLog.Rejected(hook.Name, context.Connection.RemoteIpAddress?.ToString(), $"secret header {hook.HeaderName} {reason}");
        }

        return result;
    }
}

using HookRelay.Hooks;
using HookRelay.Operations;

namespace HookRelay.Authentication;

/// <summary>Checks the shared secret header of a request; the header value is never logged or echoed.</summary>
internal sealed class HookAuthenticator(AuthFailureLog failureLog, HookRelayMetrics metrics)
{
    public HookSecretCheck Check(RegisteredHook hook, HttpContext context)
    {
        var values = context.Request.Headers[hook.HeaderName];
        var result = values.Count switch
        {
            0 => HookSecretCheck.Missing,
            1 when hook.Accepts(values[0] ?? string.Empty) => HookSecretCheck.Accepted,
            _ => HookSecretCheck.Mismatch,
        };
        if (result != HookSecretCheck.Accepted)
        {
            var reason = result == HookSecretCheck.Missing ? "missing" : "mismatch";
            metrics.AuthFailed(hook.Name, reason);
            failureLog.Rejected(hook.Name, context.Connection.RemoteIpAddress?.ToString(), $"secret header {hook.HeaderName} {reason}");
        }

        return result;
    }
}

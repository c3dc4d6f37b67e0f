using System.Net;
using Microsoft.Extensions.Options;

namespace HookRelay.Okta;

/// <summary>Stops the start with a message that names the setting and the fix; never echoes a token.</summary>
internal sealed class OktaOptionsValidator : IValidateOptions<OktaOptions>
{
    public ValidateOptionsResult Validate(string? name, OktaOptions options)
    {
        var failures = new List<string>();
        if (options.MonitorInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add("Okta:MonitorInterval must be at least 00:00:01.");
        }

        foreach (var (org, settings) in options.Orgs)
        {
            var prefix = $"Okta:Orgs:{org}";
            if (!Uri.TryCreate(settings.Domain, UriKind.Absolute, out var domain)
                || !(domain.Scheme == Uri.UriSchemeHttps || (domain.Scheme == Uri.UriSchemeHttp && IsLoopback(domain))))
            {
                failures.Add($"{prefix}:Domain must be the org's https:// address (http:// only on loopback, for the simulator).");
            }

            if (string.IsNullOrWhiteSpace(settings.ApiToken))
            {
                failures.Add($"{prefix}:ApiToken is missing; create one under Security > API > Tokens (from a dedicated service account).");
            }

            foreach (var type in settings.Reconcile.EventTypes.Where(t => t.TrimEnd('*').IndexOfAny(['*', '?', '"']) >= 0))
            {
                failures.Add($"{prefix}:Reconcile:EventTypes: '{type}' can only end in '*' (Okta's filter has no other wildcards).");
            }

            if (settings.RateLimitShare is <= 0 or > 1)
            {
                failures.Add($"{prefix}:RateLimitShare must be above 0 and at most 1 (0.5 leaves half of each rate limit to the org's other integrations).");
            }

            if (settings.HookCheckInterval < TimeSpan.Zero || (settings.HookCheckInterval > TimeSpan.Zero && settings.HookCheckInterval < TimeSpan.FromSeconds(1)))
            {
                failures.Add($"{prefix}:HookCheckInterval must be at least 00:00:01, or 00:00:00 to turn the event hook check off.");
            }

            if (settings.Reconcile.GraceWindow < TimeSpan.Zero)
            {
                failures.Add($"{prefix}:Reconcile:GraceWindow cannot be negative; 00:05:00 gives Okta's delivery and its one retry time to arrive.");
            }

            if (settings.Reconcile.Interval < TimeSpan.FromSeconds(1))
            {
                failures.Add($"{prefix}:Reconcile:Interval must be at least 00:00:01.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
}

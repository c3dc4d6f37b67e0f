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

            failures.AddRange(CredentialProblems(prefix, settings));

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

            if (settings.Reconcile.FailureCheckInterval < TimeSpan.Zero || (settings.Reconcile.FailureCheckInterval > TimeSpan.Zero && settings.Reconcile.FailureCheckInterval < TimeSpan.FromSeconds(1)))
            {
                failures.Add($"{prefix}:Reconcile:FailureCheckInterval must be at least 00:00:01, or 00:00:00 to stop reading Okta's delivery failures.");
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

    /// <summary>Exactly one of ApiToken and OAuth; for OAuth, a client id and a readable RSA or EC private key.</summary>
    private static IEnumerable<string> CredentialProblems(string prefix, OktaOrgOptions settings)
    {
        var hasToken = !string.IsNullOrWhiteSpace(settings.ApiToken);
        if (settings.OAuth is not { } app)
        {
            if (!hasToken)
            {
                yield return $"{prefix} has no credential: set {prefix}:OAuth (an API Services app: ClientId and PrivateKeyPath; what Okta recommends) "
                    + $"or {prefix}:ApiToken (create one under Security > API > Tokens, from a dedicated service account).";
            }

            yield break;
        }

        if (hasToken)
        {
            yield return $"{prefix} has both ApiToken and OAuth; keep one: remove {prefix}:ApiToken to use the service app, or {prefix}:OAuth to use the token.";
        }

        if (string.IsNullOrWhiteSpace(app.ClientId))
        {
            yield return $"{prefix}:OAuth:ClientId is missing; copy the Client ID of the API Services app (Applications > the app > General).";
        }

        if (string.IsNullOrWhiteSpace(app.PrivateKeyPath))
        {
            yield return $"{prefix}:OAuth:PrivateKeyPath is missing; point it to the PEM private key whose public key is registered with the app "
                + "(a relative path resolves against the working directory).";
        }
        else if (!ServiceAppKey.TryLoad(app.PrivateKeyPath, app.KeyId, out var key, out var problem))
        {
            yield return $"{prefix}:OAuth:PrivateKeyPath: {problem}";
        }
        else
        {
            key.Dispose();
        }

        foreach (var scope in app.Scopes.Where(s => string.IsNullOrWhiteSpace(s) || s.Contains(' ', StringComparison.Ordinal)))
        {
            yield return $"{prefix}:OAuth:Scopes: '{scope}' is not a scope; list one scope per entry, such as okta.logs.read.";
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
}

using HookRelay.Okta;
using HookRelay.Okta.EventHooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookRelay.Cli.Doctor;

/// <summary>
/// Each Okta org, asked now (not the server's last assessment, as <c>okta status</c> shows): do
/// its credentials work, and is an event hook that delivers to HookRelay active and verified.
/// </summary>
internal static class OktaChecks
{
    public static async Task<IReadOnlyList<DoctorCheck>> CheckAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        foreach (var (org, settings) in OktaSettings.Read(configuration).Orgs)
        {
            checks.AddRange(await CheckAsync(org, settings, cancellationToken));
        }

        return checks;
    }

    private static async Task<IReadOnlyList<DoctorCheck>> CheckAsync(string org, OktaOrgOptions settings, CancellationToken cancellationToken)
    {
        var credentials = $"okta {org} credentials";
        var hooks = $"okta {org} event hooks";
        IReadOnlyList<EventHook> oktaHooks;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        try
        {
            var client = OktaClients.Create(settings, http, TimeProvider.System, NullLoggerFactory.Instance);
            oktaHooks = await new EventHooksApi(client, new Uri(settings.Domain)).ListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OktaApiException or HttpRequestException or TaskCanceledException or UriFormatException or System.Text.Json.JsonException)
        {
            var (detail, fix) = Explain(org, settings, ex);
            return [DoctorCheck.Fail(credentials, detail, fix), DoctorCheck.Warn(hooks, "not checked: the org could not be asked", "fix the credentials line first")];
        }

        var how = settings.OAuth is null ? "API token" : "OAuth service app";
        var credentialCheck = DoctorCheck.Ok(credentials, $"the {how} works with {settings.Domain}");
        if (settings.Hooks.Count == 0)
        {
            return [credentialCheck, DoctorCheck.Warn(hooks, "Okta:Orgs:" + org + ":Hooks is empty, so which Okta event hook delivers to HookRelay is not known", $"set Okta:Orgs:{org}:Hooks:0 to the HookRelay hook this org delivers to (for example okta)")];
        }

        var problems = HookHealth.Problems(settings.Hooks, oktaHooks);
        if (problems.Count == 0)
        {
            return [credentialCheck, DoctorCheck.Ok(hooks, $"an active, verified Okta event hook delivers to {string.Join(", ", settings.Hooks.Select(h => "/hooks/" + h))}")];
        }

        // Each problem's text ends with the command that fixes it.
        return [credentialCheck, .. problems.Select(p => DoctorCheck.Fail(hooks, p, "run the command named above ('hookrelay okta hooks list' shows them all)"))];
    }

    private static (string Detail, string Fix) Explain(string org, OktaOrgOptions settings, Exception ex) => ex switch
    {
        OktaApiException { StatusCode: 401 } => (
            $"{settings.Domain} refused the credentials (401{Code(ex)})",
            settings.OAuth is null
                ? $"the API token was revoked or expired (tokens expire after 30 days unused): create a new one in the Okta admin console (Security > API > Tokens) and set Okta:Orgs:{org}:ApiToken"
                : $"check the service app's client id, key id and private key in Okta:Orgs:{org}:OAuth, and that the app is active"),
        OktaApiException { StatusCode: 403 } => (
            $"{settings.Domain} refused the call (403{Code(ex)}): the credentials may not read event hooks",
            "give the token's admin (or the service app) the okta.eventHooks.read and okta.logs.read scopes or a role that has them"),
        TaskCanceledException => ($"{settings.Domain} did not answer within 20 s", $"check that Okta:Orgs:{org}:Domain is right and reachable from here (proxy, firewall)"),
        _ => ($"{settings.Domain}: {ex.Message}", $"check Okta:Orgs:{org}:Domain and that it is reachable from here"),
    };

    private static string Code(Exception ex) => ex is OktaApiException { ErrorCode: { } code } ? $" {code}" : string.Empty;
}

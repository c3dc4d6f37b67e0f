using System.Net.Http.Headers;

namespace HookRelay.Okta;

/// <summary><c>Authorization: SSWS {token}</c>.</summary>
internal sealed class ApiTokenCredential(string apiToken) : IOktaCredential
{
    private readonly AuthenticationHeaderValue _header = new("SSWS", apiToken);

    public ValueTask<AuthenticationHeaderValue> AuthorizeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_header);

    public string UnauthorizedAdvice =>
        "The API token is invalid, expired (30 days without use) or revoked: create a new one under Security > API > Tokens and update Okta:Orgs:{org}:ApiToken "
        + "(or use an OAuth service app, Okta:Orgs:{org}:OAuth, which does not expire).";

    public string ForbiddenAdvice =>
        "The token's admin lacks the permission for this call: grant the role (for the System Log, Read-only Administrator or a custom role with okta.logs.read).";

    /// <summary>A token cannot be refreshed; the 401 itself is what the operator hears about.</summary>
    public bool Invalidate(AuthenticationHeaderValue refused) => false;
}

using System.Net.Http.Headers;

namespace HookRelay.Okta;

/// <summary><c>Authorization: SSWS {token}</c>.</summary>
internal sealed class ApiTokenCredential(string apiToken) : IOktaCredential
{
    private readonly AuthenticationHeaderValue _header = new("SSWS", apiToken);

    public ValueTask<AuthenticationHeaderValue> AuthorizeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_header);

    public void Invalidate()
    {
        // A token cannot be refreshed; the 401 itself is what the operator hears about.
    }
}

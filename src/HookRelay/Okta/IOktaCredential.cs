using System.Net.Http.Headers;

namespace HookRelay.Okta;

/// <summary>How requests to one org are authorized: an SSWS API token or an OAuth 2.0 service app.</summary>
internal interface IOktaCredential
{
    /// <summary>What to put in the Authorization header of the next request.</summary>
    ValueTask<AuthenticationHeaderValue> AuthorizeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Okta refused <paramref name="refused"/> (401): drop it if it is still the cached one. True
    /// when a fresh credential may succeed (a service app's new token), so the call is worth one more try.
    /// </summary>
    bool Invalidate(AuthenticationHeaderValue refused);

    /// <summary>What to do about a 401 (E0000011) with this kind of credential.</summary>
    string UnauthorizedAdvice { get; }

    /// <summary>What to do about a 403 (E0000006) with this kind of credential.</summary>
    string ForbiddenAdvice { get; }
}

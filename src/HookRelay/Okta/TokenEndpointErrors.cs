namespace HookRelay.Okta;

/// <summary>Turns the token endpoint's OAuth errors into messages that say what to change, in Okta or in the settings.</summary>
internal static class TokenEndpointErrors
{
    public static OktaApiException Explain(int status, OAuthErrorResponse? error, IReadOnlyList<string> scopes)
    {
        var code = error?.Error;
        var advice = code switch
        {
            "invalid_client" =>
                "Okta did not accept the service app's client assertion: check that Okta:Orgs:{org}:OAuth:ClientId is the app's Client ID, that the app's client authentication is "
                + "'Public key / Private key' with the public key of PrivateKeyPath registered (and KeyId naming it, if set), and that this machine's clock is right.",
            "invalid_scope" =>
                $"Grant the scopes ({string.Join(' ', scopes)}) to the service app on its 'Okta API Scopes' tab (a super admin must), or request only granted ones in Okta:Orgs:{{org}}:OAuth:Scopes.",
            "invalid_dpop_proof" or "use_dpop_nonce" =>
                "The service app requires DPoP, which HookRelay does not implement: turn off 'Require Demonstrating Proof of Possession (DPoP) header in token requests' "
                + "in the app's General settings (its private_key_jwt already ties each token request to your key).",
            "unauthorized_client" =>
                "The app may not use the client credentials grant: it must be an API Services app (or allow the Client Credentials grant).",
            _ => "Okta refused the token request.",
        };
        var what = code is null ? string.Empty : " " + code;
        var description = string.IsNullOrWhiteSpace(error?.ErrorDescription) ? string.Empty : $": {error.ErrorDescription.TrimEnd('.')}";
        return new OktaApiException(status, code, $"Okta's token endpoint answered {status}{what}{description}. {advice}");
    }
}

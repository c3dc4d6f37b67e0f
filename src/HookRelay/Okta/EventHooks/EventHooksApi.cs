using System.Text.Json;

namespace HookRelay.Okta.EventHooks;

/// <summary>
/// Okta's Event Hooks Management API (<c>/api/v1/eventHooks</c>) over one org's
/// <see cref="OktaApiClient"/>, which brings retries, the rate budget and readable errors.
/// </summary>
internal sealed class EventHooksApi(OktaApiClient client, Uri domain)
{
    public async Task<IReadOnlyList<EventHook>> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(HttpMethod.Get, Url(), null, cancellationToken);
        return await ReadAsync(response, EventHookJsonContext.Default.ListEventHook, cancellationToken);
    }

    public Task<EventHook> GetAsync(string id, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, Url(id), null, cancellationToken);

    /// <summary>Okta creates the hook ACTIVE but UNVERIFIED: it receives nothing until verified.</summary>
    /// <remarks>Not retried after a timeout or 5xx: the first attempt may have created the hook, and a second would be a duplicate.</remarks>
    public Task<EventHook> CreateAsync(EventHook hook, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, Url(), hook.ForWrite(), cancellationToken, idempotent: false);

    /// <summary>Full replacement. A changed channel (URI, secret, headers) makes the hook UNVERIFIED until verified again.</summary>
    public Task<EventHook> ReplaceAsync(string id, EventHook hook, CancellationToken cancellationToken) => SendAsync(HttpMethod.Put, Url(id), hook.ForWrite(), cancellationToken);

    public Task<EventHook> ActivateAsync(string id, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, Url(id, "lifecycle/activate"), null, cancellationToken);

    public Task<EventHook> DeactivateAsync(string id, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, Url(id, "lifecycle/deactivate"), null, cancellationToken);

    /// <summary>Has Okta send the verification GET to the hook; Okta answers 400 when the hook did not echo the challenge.</summary>
    public async Task<EventHook> VerifyAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(HttpMethod.Post, Url(id, "lifecycle/verify"), null, cancellationToken);
        }
        catch (OktaApiException ex) when (ex.StatusCode == 400)
        {
            throw new OktaApiException(ex.StatusCode, ex.ErrorCode,
                $"Okta could not verify event hook {id}: its GET to the hook's URL did not get the challenge echoed within 3 s (twice). " +
                $"Check that HookRelay is reachable at that URL from the internet and that the hook's secret header is one HookRelay accepts. ({ex.Message})");
        }
    }

    /// <summary>Deletes an INACTIVE hook; Okta refuses to delete an active one.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            using var _ = await client.SendAsync(HttpMethod.Delete, Url(id), null, cancellationToken);
        }
        catch (OktaApiException ex) when (ex.StatusCode == 403)
        {
            // Okta's 403 reads like a missing permission; say so when the real reason is the status.
            if ((await GetAsync(id, cancellationToken)).Status == EventHook.Active)
            {
                throw new OktaApiException(ex.StatusCode, ex.ErrorCode, $"Okta deletes only INACTIVE event hooks, and {id} is ACTIVE: deactivate it first.");
            }

            throw;
        }
    }

    private async Task<EventHook> SendAsync(HttpMethod method, Uri url, EventHook? body, CancellationToken cancellationToken, bool idempotent = true)
    {
        var json = body is null ? null : JsonSerializer.Serialize(body, EventHookJsonContext.Default.EventHook);
        using var response = await client.SendAsync(method, url, json, cancellationToken, idempotent);
        return await ReadAsync(response, EventHookJsonContext.Default.EventHook, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(body, type, cancellationToken)
            ?? throw new OktaApiException((int)response.StatusCode, null, $"Okta answered {(int)response.StatusCode} to {response.RequestMessage?.RequestUri?.AbsolutePath} without a body.");
    }

    private Uri Url(string? id = null, string? action = null) =>
        new(domain, "/api/v1/eventHooks" + (id is null ? string.Empty : "/" + Uri.EscapeDataString(id)) + (action is null ? string.Empty : "/" + action));
}

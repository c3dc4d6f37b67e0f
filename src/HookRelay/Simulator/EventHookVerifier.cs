using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace HookRelay.Simulator;

/// <summary>
/// Okta's one-time verification: a <c>GET</c> to the hook's URI carrying a challenge header, the
/// auth header and the custom headers; the answer must be 200 with <c>{"verification": challenge}</c>
/// within the timeout (3 s at Okta). A failed attempt is tried once more.
/// </summary>
internal sealed class EventHookVerifier(IHttpClientFactory httpClients, IOptions<SimulatorOptions> options)
{
    public const string ClientName = "okta-simulator-hooks";
    public const string ChallengeHeader = "x-okta-verification-challenge";
    private const int Attempts = 2;

    public async Task<bool> VerifyAsync(SimulatedHookDefinition hook, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await AttemptAsync(hook, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> AttemptAsync(SimulatedHookDefinition hook, CancellationToken cancellationToken)
    {
        var challenge = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var request = new HttpRequestMessage(HttpMethod.Get, hook.Uri);
        request.Headers.TryAddWithoutValidation("User-Agent", "Okta-Integrations");
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("X-Okta-Request-Id", Guid.NewGuid().ToString("N"));
        request.Headers.TryAddWithoutValidation(ChallengeHeader, challenge);
        foreach (var (key, value) in hook.Headers)
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        if (hook.AuthKey is not null)
        {
            request.Headers.TryAddWithoutValidation(hook.AuthKey, hook.AuthValue);
        }

        // A network deadline in real time: a test clock standing still must not hold Okta's call open.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.VerificationTimeout);
        try
        {
            using var response = await httpClients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var answer = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            return answer.RootElement.ValueKind == JsonValueKind.Object
                && answer.RootElement.TryGetProperty("verification", out var echoed)
                && echoed.ValueKind == JsonValueKind.String
                && echoed.GetString() == challenge;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException or JsonException)
        {
            // Unreachable, too slow, or not JSON: this attempt failed, as at Okta.
            return false;
        }
    }

    /// <summary>The handler Okta's calls go through: redirects are not followed.</summary>
    public static HttpMessageHandler Handler() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
}

using System.Net;
using HookRelay.Simulator;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Okta;

/// <summary>What Okta's delivery side does, reduced to this: POST an event to every ACTIVE + VERIFIED hook with its headers.</summary>
internal static class SimulatedDeliveries
{
    /// <summary>The statuses of one round of deliveries; empty when no hook may receive events (inactive or unverified).</summary>
    public static async Task<IReadOnlyList<HttpStatusCode>> DeliverAsync(SimulatedEventHooks hooks, HttpClient http)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var hook in hooks.Deliverable())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, hook.Uri)
            {
                Content = new StringContent(OktaPayloads.Fresh(1).Body, System.Text.Encoding.UTF8, "application/json"),
            };
            foreach (var (key, value) in hook.Headers)
            {
                request.Headers.TryAddWithoutValidation(key, value);
            }

            if (hook.AuthHeaderName is not null)
            {
                request.Headers.TryAddWithoutValidation(hook.AuthHeaderName, hook.AuthHeaderValue);
            }

            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}

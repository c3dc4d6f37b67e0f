using System.Globalization;
using HookRelay.Simulator;
using HookRelay.Simulator.Delivery;

namespace HookRelay.Cli;

/// <summary>What <c>hookrelay simulate</c> serves, and the HookRelay settings that point at it.</summary>
internal static class SimulateBanner
{
    public static void Print(string orgUrl, string apiToken, int seed, SimulatorOptions options, DeliveryTarget? target, SimulatedSystemLog log)
    {
        var o = Console.Out;
        var traffic = options.Traffic;
        var delivery = options.Delivery;
        o.WriteLine($"Simulated Okta org: {orgUrl}");
        o.WriteLine($"API token:          {apiToken}   (Authorization: SSWS <token>)");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"System Log:         {orgUrl}/api/v1/logs ({options.LogsRequestsPerWindow} requests a minute)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Traffic:            {traffic.EventsPerSecond} events a second{(traffic.MaxEvents is { } max ? $", stopping after {max}" : string.Empty)}; seed {seed}"));
        if (log.Outage() is { } outage)
        {
            // Exact times, so that a benchmark can tell the backlog from live events in HookRelay's store.
            o.WriteLine($"Backlog:            {outage.Count} events published {Timestamp(outage.First)} to {Timestamp(outage.Last)}, never delivered (an outage)");
        }

        if (target is null)
        {
            o.WriteLine("Event hook:         none (pass --deliver-to and --secret to deliver)");
        }
        else
        {
            var types = target.EventTypes.Count == 0 ? "every eligible event type" : string.Join(", ", target.EventTypes.Order(StringComparer.Ordinal));
            o.WriteLine($"Event hook:         {target.Id} delivers to {target.Uri} (secret in {target.HeaderName}); {types}");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Faults:             drop {delivery.Drop}, duplicate {delivery.Duplicate}, reorder {delivery.Reorder}, delay {Delay(delivery)}"));
        }

        var hook = target is not null && target.Uri.Segments is [.., "hooks/", var name] ? name.TrimEnd('/') : "okta";
        o.WriteLine("HookRelay settings to reconcile against this org (environment variables):");
        o.WriteLine($"  HOOKRELAY_Okta__Orgs__sim__Domain={orgUrl}");
        o.WriteLine($"  HOOKRELAY_Okta__Orgs__sim__ApiToken={apiToken}");
        o.WriteLine($"  HOOKRELAY_Okta__Orgs__sim__Hooks__0={hook}");
        o.WriteLine("Press Ctrl+C to stop.");
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Delay(SimulatedDeliveryOptions delivery) =>
        delivery.DelayMax is { } max
            ? string.Create(CultureInfo.InvariantCulture, $"{delivery.Delay.TotalSeconds}s-{max.TotalSeconds}s")
            : string.Create(CultureInfo.InvariantCulture, $"{delivery.Delay.TotalSeconds}s");
}

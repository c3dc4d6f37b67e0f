using System.CommandLine;
using System.Security.Cryptography;
using HookRelay.Simulator;
using HookRelay.Simulator.Delivery;
using HookRelay.Simulator.Generation;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace HookRelay.Cli;

/// <summary>
/// <c>hookrelay simulate</c>: a simulated Okta org until Ctrl+C or SIGTERM. It generates System
/// Log activity, serves <c>GET /api/v1/logs</c>, and delivers to one event hook like Okta,
/// with faults on demand — for demos, load and trying HookRelay's reconciliation.
/// </summary>
internal static class SimulateCommand
{
    private static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var listen = new Option<Uri?>("--listen") { HelpName = "URL", Description = "Where the org serves its API (default http://127.0.0.1:8081).", CustomParser = r => SimulateFlags.Url(r, "--listen") };
        var deliverTo = new Option<Uri?>("--deliver-to") { HelpName = "URL", Description = "The event hook URL to deliver to, e.g. http://127.0.0.1:8080/hooks/okta.", CustomParser = r => SimulateFlags.Url(r, "--deliver-to") };
        var secret = new Option<string?>("--secret") { HelpName = "SECRET", Description = "The hook's secret, sent in the header on every request." };
        var headerName = new Option<string?>("--header-name") { HelpName = "HEADER", Description = "The header that carries the secret (default Authorization)." };
        var rate = new Option<double?>("--rate") { HelpName = "N", Description = "Events generated a second (default 5; 0 generates none).", CustomParser = SimulateFlags.Rate };
        var events = new Option<long?>("--events") { HelpName = "N", Description = "Stop generating after this many events (default: never).", CustomParser = r => SimulateFlags.Whole(r, "--events", 1, long.MaxValue) };
        var eventTypes = new Option<IReadOnlySet<string>?>("--event-types") { HelpName = "T1,T2", Description = "Event types the hook subscribes to, comma-separated (default: all); other events still go to the System Log.", CustomParser = SimulateFlags.EventTypes };
        var apiToken = new Option<string?>("--api-token") { HelpName = "TOKEN", Description = "The SSWS API token the org accepts (default: a new one, printed)." };
        var seed = new Option<long?>("--seed") { HelpName = "N", Description = "Seed for the traffic and the faults, to repeat a run (default: random, printed).", CustomParser = r => SimulateFlags.Whole(r, "--seed", 0, int.MaxValue) };
        var drop = new Option<double?>("--drop") { HelpName = "F", Description = "Fraction of events never delivered (in the System Log only).", CustomParser = r => SimulateFlags.Fraction(r, "--drop") };
        var duplicate = new Option<double?>("--duplicate") { HelpName = "F", Description = "Fraction of delivered requests sent a second time.", CustomParser = r => SimulateFlags.Fraction(r, "--duplicate") };
        var reorder = new Option<double?>("--reorder") { HelpName = "F", Description = "Fraction of requests held back and sent after the next one.", CustomParser = r => SimulateFlags.Fraction(r, "--reorder") };
        var delay = new Option<(TimeSpan Min, TimeSpan? Max)?>("--delay") { HelpName = "D", Description = "Wait before each request: 2s, 500ms, or a random range like 1s-5s.", CustomParser = SimulateFlags.Delay };
        var backlog = new Option<long?>("--backlog") { HelpName = "N", Description = "Start after an outage: N events already in the System Log, never delivered.", CustomParser = r => SimulateFlags.Whole(r, "--backlog", 1, SimulateFlags.MaxBacklog) };
        var backlogSpan = new Option<TimeSpan?>("--backlog-span") { HelpName = "D", Description = "How long the outage lasted: the backlog is published evenly over it, up to the start (default 10m).", CustomParser = SimulateFlags.BacklogSpan };
        var logsRateLimit = new Option<long?>("--logs-rate-limit") { HelpName = "N", Description = "GET /api/v1/logs requests a minute before 429 (default 120).", CustomParser = r => SimulateFlags.Whole(r, "--logs-rate-limit", 1, 100_000) };
        var command = new Command("simulate", "Run a simulated Okta org that generates events and delivers them like Okta.")
        {
            listen, deliverTo, secret, headerName, rate, events, eventTypes, apiToken, seed, drop, duplicate, reorder, delay, backlog, backlogSpan, logsRateLimit,
        };
        command.Validators.Add(r =>
        {
            // GetResult, not GetValue: a bad URL is reported by its own parser.
            if ((r.GetResult(deliverTo) is null) != string.IsNullOrEmpty(r.GetValue(secret)))
            {
                r.AddError("--deliver-to and --secret go together: the hook's URL and the secret HookRelay expects.");
            }

            if (r.GetResult(backlogSpan) is not null && r.GetResult(backlog) is null)
            {
                r.AddError("--backlog-span needs --backlog: the number of events the outage left undelivered.");
            }
        });
        command.SetAction(async (parse, _) =>
        {
            var run = new SimulateRun(
                parse.GetValue(listen) ?? new Uri("http://127.0.0.1:8081"),
                parse.GetValue(apiToken) ?? NewToken(),
                (int)(parse.GetValue(seed) ?? Random.Shared.Next()),
                parse.GetValue(deliverTo) is { } url ? Target(url, parse.GetValue(headerName), parse.GetValue(secret)!, parse.GetValue(eventTypes)) : null);
            return await run.RunAsync(o =>
            {
                o.LogsRequestsPerWindow = (int)(parse.GetValue(logsRateLimit) ?? o.LogsRequestsPerWindow);
                o.Traffic.EventsPerSecond = parse.GetValue(rate) ?? 5;
                o.Traffic.MaxEvents = parse.GetValue(events);
                o.Traffic.Backlog = parse.GetValue(backlog) ?? 0;
                o.Traffic.BacklogSpan = parse.GetValue(backlogSpan) ?? o.Traffic.BacklogSpan;
                o.Delivery.Drop = parse.GetValue(drop) ?? 0;
                o.Delivery.Duplicate = parse.GetValue(duplicate) ?? 0;
                o.Delivery.Reorder = parse.GetValue(reorder) ?? 0;
                (o.Delivery.Delay, o.Delivery.DelayMax) = parse.GetValue(delay) ?? (TimeSpan.Zero, null);
            });
        });
        return command;
    }

    private static DeliveryTarget Target(Uri url, string? headerName, string secret, IReadOnlySet<string>? eventTypes) =>
        new(
            "who" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url.ToString())))[..17],
            "HookRelay (simulated)",
            url,
            string.IsNullOrWhiteSpace(headerName) ? "Authorization" : headerName,
            secret,
            eventTypes ?? new HashSet<string>());

    private static string NewToken() => "00" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(30));

    /// <summary>One run of the simulated org: start, print what it serves, summarise until stopped.</summary>
    private sealed class SimulateRun(Uri listen, string apiToken, int seed, DeliveryTarget? target)
    {
        public async Task<int> RunAsync(Action<SimulatorOptions> configure)
        {
            await using var app = SimulatorApp.Build(listen.ToString().TrimEnd('/'), o =>
            {
                o.ApiToken = apiToken;
                o.Seed = seed;
                configure(o);
            });
            if (target is not null)
            {
                app.Services.GetRequiredService<SimulatedDeliveryTargets>().Add(target);
            }

            try
            {
                await app.StartAsync();
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"hookrelay: --listen {listen}: {ex.Message}");
                return 1;
            }

            SimulateBanner.Print(app.Urls.First(), apiToken, seed, app.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value, target, app.Services.GetRequiredService<SimulatedSystemLog>());
            var stats = app.Services.GetRequiredService<SimulatedDeliveryStats>();
            var stopping = app.Lifetime.ApplicationStopping;
            using var timer = new PeriodicTimer(SummaryInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(stopping))
                {
                    Console.Error.WriteLine($"hookrelay simulate: {stats.Summary()}");
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: the host stops the org.
            }

            await app.WaitForShutdownAsync();
            Console.Error.WriteLine($"hookrelay simulate: stopped; {stats.Summary()}");
            return 0;
        }
    }
}

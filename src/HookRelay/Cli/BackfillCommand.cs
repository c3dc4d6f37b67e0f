using System.CommandLine;
using HookRelay.Hosting;
using HookRelay.Okta;
using HookRelay.Operations;
using HookRelay.Pipeline;
using HookRelay.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace HookRelay.Cli;

/// <summary>
/// <c>hookrelay reconcile --org O --since T [--until T] [--dry-run]</c>: reads a bounded window of
/// the org's System Log now and stores (or, dry, only counts) what no push delivered. The running
/// server dispatches what this stores.
/// </summary>
internal static class BackfillCommand
{
    public static void AddTo(Command reconcile)
    {
        var org = new Option<string?>("--org") { Description = "The org under Okta:Orgs to backfill." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Published at or after (ISO-8601 or an age like 6h).", CustomParser = r => CliTime.Parse(r, TimeProvider.System) };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Published before (default: now).", CustomParser = r => CliTime.Parse(r, TimeProvider.System) };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only report what is missing; store nothing." };
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        foreach (var option in new Option[] { org, since, until, dryRun, dataDir, config })
        {
            reconcile.Options.Add(option);
        }

        reconcile.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(org) is not { } name || parse.GetValue(since) is not { } from)
            {
                Console.Error.WriteLine("hookrelay: reconcile needs --org and --since (or the subcommand 'status').");
                return Task.FromResult(CliApp.UsageError);
            }

            return RunAsync(parse.GetValue(config), parse.GetValue(dataDir), name, from, parse.GetValue(until) ?? TimeProvider.System.GetUtcNow(), parse.GetValue(dryRun), cancellationToken);
        });
    }

    private static async Task<int> RunAsync(string? configFile, string? dataDir, string org, DateTimeOffset since, DateTimeOffset until, bool dryRun, CancellationToken cancellationToken)
    {
        try
        {
            var configuration = HookRelayConfiguration.Build(configFile, new Dictionary<string, string?> { [DataDirectory.ConfigKey] = dataDir });
            var settings = new OktaOptions();
            configuration.GetSection(OktaOptions.SectionName).Bind(settings);
            if (!settings.Orgs.TryGetValue(org, out var orgSettings))
            {
                Console.Error.WriteLine($"hookrelay: no org named '{org}' under Okta:Orgs; pass the server's --config.");
                return 1;
            }

            await using var services = Services(configuration);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var client = OktaClients.Create(orgSettings, http, TimeProvider.System, NullLoggerFactory.Instance);
            var events = services.GetRequiredService<IEventReader>();

            // A real backfill opens the store first (creating it in a fresh --data-dir), so asking what is missing finds one.
            if (!dryRun && await services.GetRequiredService<IEventStore>().CheckWritableAsync(cancellationToken) is { IsWritable: false } health)
            {
                throw new StoreUnavailableException(health.Description);
            }

            var reconciler = services.GetRequiredService<SystemLogReconciler>();
            var hook = SystemLogReconciler.PulledHook(org, orgSettings);
            var total = new ReconcileResult(0, 0);
            var missingByType = new Dictionary<string, int>(StringComparer.Ordinal);
            async Task ReadAsync(Action<string> report) =>
                total = await SystemLogReconciler.ReadWindowAsync(orgSettings, client, since, until, async page =>
                {
                    var missing = Missing(events, page.Events);
                    foreach (var type in missing)
                    {
                        missingByType[type] = missingByType.GetValueOrDefault(type) + 1;
                    }

                    return dryRun
                        ? new ReconcileResult(page.Events.Count, missing.Count)
                        : await reconciler.AppendAsync(org, hook, page.Events, cancellationToken);
                }, read => report($"Read {read.Pulled:N0} events, {read.Backfilled:N0} missing"), cancellationToken);

            // On a terminal a progress display (on stderr) follows the pages; otherwise only the result is printed.
            if (CliProgress.Visible)
            {
                await CliProgress.Create().AutoClear(false).StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Reading {org}'s System Log", maxValue: double.MaxValue).IsIndeterminate();
                    await ReadAsync(description => task.Description = description);
                    task.StopTask();
                });
            }
            else
            {
                await ReadAsync(_ => { });
            }
            Console.Out.WriteLine(dryRun
                ? $"{total.Pulled} events in the window; {total.Backfilled} were never delivered (dry run: nothing stored)."
                : $"{total.Pulled} events in the window; {total.Backfilled} were never delivered and are now stored and queued for their sinks.");
            if (missingByType.Count > 0)
            {
                var table = new Table().AddColumns("Missing event type", "Events");
                foreach (var (type, count) in missingByType.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal))
                {
                    table.AddRow(Markup.Escape(type), StoreCommand.Count(count));
                }

                StoreCommand.PrintTable(table);
            }

            return 0;
        }
        catch (Exception ex) when (ex is StartupConfigurationException or OktaApiException or HttpRequestException or StoreUnavailableException or OptionsValidationException)
        {
            Console.Error.WriteLine($"hookrelay: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The store, router and reconciler the server uses, without the server.</summary>
    private static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(configuration)
            .AddSingleton<HookRelayMetrics>()
            .AddSingleton<SystemLogReconciler>();
        services.AddStorage(configuration).AddPipeline(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>The event types of the page's events the store does not hold yet (Okta's own event_hook.* never count).</summary>
    private static List<string> Missing(IEventReader reader, IReadOnlyList<string> events)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var json in events)
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.TryGetProperty("uuid", out var uuid) && uuid.GetString() is { } id && DeliveryFailureEvents.HookEventType(root) is null)
            {
                types[id] = root.TryGetProperty("eventType", out var type) ? type.GetString() ?? "(none)" : "(none)";
            }
        }

        return reader.Missing(types.Keys).Select(uuid => types[uuid]).ToList();
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HookRelay.Okta;
using Spectre.Console;

namespace HookRelay.Cli;

/// <summary>
/// <c>hookrelay okta status</c> (each org's health as the running server last assessed it) and
/// <c>hookrelay okta failures</c> (deliveries Okta logged as failed).
/// </summary>
internal static class OktaMonitoringCommands
{
    public static void AddTo(Command okta)
    {
        okta.Subcommands.Add(Status());
        okta.Subcommands.Add(Failures());
    }

    private static Command Status()
    {
        var json = CommonOptions.Json();
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var command = new Command("status", "Each org's health as the server last assessed it: credentials, event hooks, events in 24 h against Okta's 400,000 cap.") { json, dataDir, config };
        command.SetAction(parse => StoreCommand.Run(parse.GetValue(config), parse.GetValue(dataDir), (store, configuration) =>
        {
            var saved = store.Okta.OrgHealth();
            var reports = saved.Values.Select(j => JsonSerializer.Deserialize(j, OktaJsonContext.Default.OktaOrgHealth)).OfType<OktaOrgHealth>().ToList();
            var configured = OktaSettings.Read(configuration).Orgs.Keys;
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(reports, CliJsonContext.Default.ListOktaOrgHealth));
                return reports.Any(r => r.Problems.Count > 0) ? 1 : 0;
            }

            var now = TimeProvider.System.GetUtcNow();
            foreach (var org in configured.Where(o => !saved.ContainsKey(o)))
            {
                Console.Out.WriteLine($"org {org}: not assessed yet — start the server (hookrelay serve) with this configuration.");
            }

            foreach (var report in reports)
            {
                Print(report, now);
            }

            if (reports.Count == 0 && configured.Count == 0)
            {
                Console.Out.WriteLine("No Okta org is configured (Okta:Orgs) or assessed.");
            }

            // Exit 1 when something needs attention, so scripts and cron can alert on it.
            return reports.Any(r => r.Problems.Count > 0) ? 1 : 0;
        }));
        return command;
    }

    private static void Print(OktaOrgHealth report, DateTimeOffset now)
    {
        var problems = report.Problems;
        Console.Out.WriteLine($"org {report.Org}: {(problems.Count == 0 ? "healthy" : "NEEDS ATTENTION")} (assessed {CliTime.Ago(now - report.CheckedAt)} ago{(now - report.CheckedAt > TimeSpan.FromMinutes(5) ? "; is the server running?" : string.Empty)})");
        foreach (var problem in problems)
        {
            Console.Out.WriteLine($"  ! {problem}");
        }

        Console.Out.WriteLine($"  events in the last 24 h: {StoreCommand.Count(report.EventsLast24Hours)} of Okta's {StoreCommand.Count(OktaOrgHealth.DailyCap)} a day");
        Console.Out.WriteLine(report.LastApiSuccess is { } used
            ? $"  Okta API last answered: {CliTime.Ago(now - used)} ago"
            : "  Okta API: no successful call yet");
        Console.Out.WriteLine(report.HooksCheckedAt is { } checkedAt
            ? $"  event hooks checked {CliTime.Ago(now - checkedAt)} ago: {(report.HookProblems.Count == 0 ? "active and verified" : $"{report.HookProblems.Count} problem(s)")}"
            : "  event hooks: not checked yet");
        Console.Out.WriteLine(report.ReconciledUpTo is { } upTo
            ? $"  System Log compared up to {CliTime.Ago(now - upTo)} ago"
            : "  System Log: reconciliation has not reached the end yet");
    }

    private static Command Failures()
    {
        var json = CommonOptions.Json();
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var since = new Option<DateTimeOffset?>("--since") { Description = "Failures logged at or after (ISO-8601 or an age like 6h; default 24h).", CustomParser = r => CliTime.Parse(r, TimeProvider.System) };
        var org = new Option<string?>("--org") { Description = "Only this org." };
        var command = new Command("failures", "Deliveries Okta gave up on (event_hook.delivery in the System Log), read by reconciliation.") { since, org, json, dataDir, config };
        command.SetAction(parse => StoreCommand.Run(parse.GetValue(config), parse.GetValue(dataDir), (store, _) =>
        {
            var from = parse.GetValue(since) ?? TimeProvider.System.GetUtcNow().AddHours(-24);
            var failures = store.Okta.DeliveryFailures(parse.GetValue(org), from).ToList();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(failures, CliJsonContext.Default.ListOktaDeliveryFailure));
                return 0;
            }

            if (failures.Count == 0)
            {
                Console.Out.WriteLine($"No failed deliveries logged by Okta since {from.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}.");
                return 0;
            }

            var table = new Table().AddColumns("Logged (UTC)", "Org", "Okta event hook", "Reason");
            foreach (var failure in failures)
            {
                table.AddRow(
                    failure.Published.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(failure.Org),
                    Markup.Escape(failure.HookName is null ? failure.HookId ?? "?" : $"{failure.HookName} ({failure.HookId})"),
                    Markup.Escape(failure.Reason ?? string.Empty));
            }

            StoreCommand.PrintTable(table);
            Console.Out.WriteLine($"{failures.Count} failed deliveries; reconciliation re-reads the System Log after each, so the events they carried are backfilled (hookrelay reconcile status).");
            return 0;
        }));
        return command;
    }
}

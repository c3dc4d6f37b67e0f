using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HookRelay.Okta;
using HookRelay.Storage;
using Spectre.Console;

namespace HookRelay.Cli;

/// <summary><c>hookrelay reconcile status</c>: what the System Log read back that pushes had missed.</summary>
internal static class ReconcileCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var status = new Command("status", "Per hook: events pushed only, pulled only (Okta never delivered them), both; per org: missed events by type and hour, backfill lag, cursor.") { json, dataDir, config };
        status.SetAction(parse => StoreCommand.Run(parse.GetValue(config), parse.GetValue(dataDir), (store, configuration) =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var admin = store.Dispatch;
            var reader = store.Okta;
            var hooks = admin.Provenance().ToList();
            var orgs = Orgs(configuration, admin, reader).Select(o => reader.Report(o.Org, o.Hooks, o.Grace, now)).ToList();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new ReconcileReport(hooks, orgs), CliJsonContext.Default.ReconcileReport));
                return 0;
            }

            var table = new Table().AddColumns("Hook", "Pushed only", "Pulled only (missed by push)", "Both");
            foreach (var h in hooks)
            {
                table.AddRow(Markup.Escape(h.Hook), StoreCommand.Count(h.PushOnly), StoreCommand.Count(h.PullOnly), StoreCommand.Count(h.Both));
            }

            StoreCommand.PrintTable(table);
            foreach (var org in orgs)
            {
                PrintOrg(org, now);
            }

            if (orgs.Count == 0)
            {
                Console.Out.WriteLine("No org has been reconciled yet (configure Okta:Orgs).");
            }

            return 0;
        }));
        var reconcile = new Command("reconcile", "Backfill a window of Okta's System Log now (--org --since), or show what reconciliation found (status).") { status };
        BackfillCommand.AddTo(reconcile);
        return reconcile;
    }

    /// <summary>
    /// The configured orgs; then orgs the server assessed (with the hooks and grace window it
    /// saved); then any org the store only has a cursor for (its events kept under its own name).
    /// </summary>
    private static IEnumerable<(string Org, IReadOnlyCollection<string> Hooks, TimeSpan Grace)> Orgs(IConfiguration configuration, IDispatchAdmin admin, IOktaStatusReader reader)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (org, settings) in OktaSettings.Read(configuration).Orgs.OrderBy(o => o.Key, StringComparer.OrdinalIgnoreCase))
        {
            seen.Add(org);
            yield return (org, OktaMonitor.OrgHooks(org, settings), settings.Reconcile.GraceWindow);
        }

        foreach (var (org, json) in reader.OrgHealth().Where(h => !seen.Contains(h.Key)))
        {
            var saved = JsonSerializer.Deserialize(json, OktaJsonContext.Default.OktaOrgHealth);
            seen.Add(org);
            yield return (org, saved?.Hooks ?? [org], saved?.GraceWindow ?? new ReconcileOptions().GraceWindow);
        }

        foreach (var cursor in admin.Cursors().Where(c => !seen.Contains(c.Org)))
        {
            yield return (cursor.Org, [cursor.Org], new ReconcileOptions().GraceWindow);
        }
    }

    private static void PrintOrg(OktaReconcileReport org, DateTimeOffset now)
    {
        Console.Out.WriteLine();
        Console.Out.WriteLine(org.CheckedUpTo is { } upTo
            ? $"org {org.Org}: System Log compared up to {Time(upTo)} ({CliTime.Ago(now - upTo)} ago)"
            : $"org {org.Org}: reconciliation has not reached the end of the System Log yet");
        if (org.Position is { } position)
        {
            Console.Out.WriteLine($"  cursor at events published {Time(position)}; moved {Time(org.CursorMoved!.Value)}");
        }

        var recovered = org.RecoveredAfterMedian is { } median ? $"; recovered {CliTime.Ago(median)} after publication (median), {CliTime.Ago(org.RecoveredAfterMax!.Value)} at most" : string.Empty;
        Console.Out.WriteLine($"  missed by push and backfilled: {StoreCommand.Count(org.Missed)}; still inside the grace window: {StoreCommand.Count(org.AwaitingPush)}{recovered}");
        Console.Out.WriteLine($"  Okta's logged delivery failures in the last 24 h: {StoreCommand.Count(org.DeliveryFailures24h)}{(org.DeliveryFailures24h > 0 ? " (hookrelay okta failures)" : string.Empty)}");
        if (org.MissedByType.Count > 0)
        {
            var types = new Table().AddColumns("Missed event type", "Events");
            foreach (var type in org.MissedByType)
            {
                types.AddRow(Markup.Escape(type.Key), StoreCommand.Count(type.Count));
            }

            StoreCommand.PrintTable(types);
            var hours = new Table().AddColumns("Hour published (UTC, last 24 h)", "Missed");
            foreach (var hour in org.MissedByHour)
            {
                hours.AddRow(hour.Key, StoreCommand.Count(hour.Count));
            }

            StoreCommand.PrintTable(hours);
        }
    }

    private static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

}

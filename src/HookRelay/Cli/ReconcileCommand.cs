using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HookRelay.Storage.Sqlite;
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
        var status = new Command("status", "Per hook: events pushed only, pulled only (Okta never delivered them), both; per org: when the cursor last moved.") { json, dataDir, config };
        status.SetAction(parse => StoreCommand.Run(parse.GetValue(config), parse.GetValue(dataDir), (database, _) =>
        {
            var admin = new SqliteDispatchAdmin(database, TimeProvider.System);
            var hooks = admin.Provenance().ToList();
            var cursors = admin.Cursors().ToList();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new ReconcileReport(hooks, cursors), CliJsonContext.Default.ReconcileReport));
                return 0;
            }

            var table = new Table().AddColumns("Hook", "Pushed only", "Pulled only (missed by push)", "Both");
            foreach (var h in hooks)
            {
                table.AddRow(Markup.Escape(h.Hook), StoreCommand.Count(h.PushOnly), StoreCommand.Count(h.PullOnly), StoreCommand.Count(h.Both));
            }

            StoreCommand.PrintTable(table);
            foreach (var c in cursors)
            {
                Console.Out.WriteLine($"org {c.Org}: System Log cursor moved {c.UpdatedAt.ToString("u", CultureInfo.InvariantCulture)}");
            }

            if (cursors.Count == 0)
            {
                Console.Out.WriteLine("No org has been reconciled yet (configure Okta:Orgs).");
            }

            return 0;
        }));
        var reconcile = new Command("reconcile", "Backfill a window of Okta's System Log now (--org --since), or show what reconciliation found (status).") { status };
        BackfillCommand.AddTo(reconcile);
        return reconcile;
    }
}

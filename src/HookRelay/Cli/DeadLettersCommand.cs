using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace HookRelay.Cli;

/// <summary><c>hookrelay deadletters list</c>: work that a sink refused or that ran out of attempts.</summary>
internal static class DeadLettersCommand
{
    public static Command Create()
    {
        var sink = new Option<string?>("--sink") { Description = "Only this sink's dead letters." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json();
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var list = new Command("list", "List dead letters with their last error.") { sink, limit, json, dataDir, config };
        list.SetAction(parse => StoreCommand.Run(parse.GetValue(config), parse.GetValue(dataDir), (store, _) =>
        {
            var letters = store.Dispatch.DeadLetters(parse.GetValue(sink), Math.Max(1, parse.GetValue(limit)));
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(letters.ToList(), CliJsonContext.Default.ListDeadLetter));
                return 0;
            }

            if (letters.Count == 0)
            {
                Console.Out.WriteLine("No dead letters.");
                return 0;
            }

            var table = new Table().AddColumns("Sink", "UUID", "Event type", "Attempts", "Died", "Last error");
            foreach (var d in letters)
            {
                table.AddRow(
                    Markup.Escape(d.Sink),
                    Markup.Escape(d.Uuid),
                    Markup.Escape(d.EventType ?? "-"),
                    d.Attempts.ToString(CultureInfo.InvariantCulture),
                    d.DiedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                    Markup.Escape(d.LastError ?? "-"));
            }

            StoreCommand.PrintTable(table);
            return 0;
        }));
        return new Command("deadletters", "Work that could not be delivered.") { list };
    }
}

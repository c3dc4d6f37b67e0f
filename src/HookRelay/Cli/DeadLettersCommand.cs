using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace HookRelay.Cli;

/// <summary><c>hookrelay deadletters list|purge</c>: work that a sink refused or that ran out of attempts.</summary>
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
        return new Command("deadletters", "Work that could not be delivered.") { list, Purge() };
    }

    /// <summary>
    /// <c>deadletters purge</c>: deletes dead letters for good, so that retention may remove their
    /// events. Without <c>--yes</c> it only says how many it would delete, and fails.
    /// </summary>
    private static Command Purge()
    {
        var sink = new Option<string?>("--sink") { Description = "Only this sink's dead letters." };
        var olderThan = new Option<TimeSpan?>("--older-than")
        {
            Description = "Only those that died longer ago than this (30m, 24h, 7d).",
            CustomParser = ParseAge,
        };
        var yes = new Option<bool>("--yes") { Description = "Really delete them; without it, only count them." };
        var json = CommonOptions.Json();
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var purge = new Command("purge", "Delete dead letters for good; their events are then left to Storage:Retention.") { sink, olderThan, yes, json, dataDir, config };
        purge.SetAction(parse => StoreCommand.Run(parse.GetValue(config), parse.GetValue(dataDir), (store, _) =>
        {
            var name = parse.GetValue(sink);
            var diedBefore = parse.GetValue(olderThan) is { } age ? TimeProvider.System.GetUtcNow() - age : (DateTimeOffset?)null;
            var confirmed = parse.GetValue(yes);
            var count = store.Dispatch.PurgeDeadLetters(name, diedBefore, dryRun: !confirmed);
            var which = (name is null ? string.Empty : $" of sink '{name}'")
                + (diedBefore is { } before ? $" that died before {before.ToString("u", CultureInfo.InvariantCulture)}" : string.Empty);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(confirmed ? $$"""{"purged":{{count}}}""" : $$"""{"purged":0,"wouldPurge":{{count}}}""");
            }
            else if (count == 0)
            {
                Console.Out.WriteLine($"No dead letters{which}.");
            }
            else
            {
                Console.Out.WriteLine(confirmed ? $"Purged {StoreCommand.Count(count)} dead letters{which}." : $"{StoreCommand.Count(count)} dead letters{which} would be purged.");
            }

            // Nothing to delete needs no confirmation.
            if (confirmed || count == 0)
            {
                return 0;
            }

            Console.Error.WriteLine("hookrelay: nothing was purged; add --yes to delete them for good.");
            return 1;
        }));
        return purge;
    }

    private static TimeSpan? ParseAge(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        // Bounded as CliTime bounds ages: "now minus" a larger one is before year 1.
        if (CliDuration.TryParseShort(text, out var age) && age <= TimeSpan.FromDays(100 * 365))
        {
            return age;
        }

        result.AddError($"--older-than: '{text}' is not a duration: use 30m, 24h or 7d (at most 36500d).");
        return null;
    }
}

using System.CommandLine;
using System.Text.Json;
using HookRelay.Admin;
using HookRelay.Storage;
using Spectre.Console;

namespace HookRelay.Cli;

/// <summary><c>hookrelay events list|show|export|tail</c>: reads the store, also while the server runs; tail follows the server.</summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var command = new Command("events", "Look at stored events.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(EventExportCommand.Create());
        command.Subcommands.Add(EventsTailCommand.Create());
        return command;
    }

    private static Command CreateList()
    {
        var type = new Option<string?>("--type") { Description = "Event type glob, for example 'user.lifecycle.*'." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Published at or after (ISO-8601 or an age like 2h).", CustomParser = r => CliTime.Parse(r, TimeProvider.System) };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Published before (ISO-8601 or an age like 30m).", CustomParser = r => CliTime.Parse(r, TimeProvider.System) };
        var hook = new Option<string?>("--hook") { Description = "Only events received for this hook." };
        var provenance = new Option<Provenance?>("--provenance") { Description = $"Only events HookRelay learned of this way: {ProvenanceNames.Help}.", CustomParser = ParseProvenance };
        var actor = new Option<string?>("--actor") { Description = "Only events whose actor has this alternateId or id." };
        var target = new Option<string?>("--target") { Description = "Only events with a target of this alternateId or id." };
        var limit = new Option<int>("--limit") { Description = "At most this many events, newest first (1 to 1000000).", DefaultValueFactory = _ => 50, CustomParser = ParseLimit };
        var json = CommonOptions.Json();
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var command = new Command("list", "List stored events, newest first.") { type, since, until, hook, provenance, actor, target, limit, json, dataDir, config };
        command.SetAction(parse => Run(parse.GetValue(config), parse.GetValue(dataDir), reader =>
        {
            var search = new EventSearch(
                parse.GetValue(since), parse.GetValue(until), parse.GetValue(type), parse.GetValue(hook),
                parse.GetValue(provenance), parse.GetValue(actor), parse.GetValue(target));
            var events = EventPages.Read(reader, search, parse.GetValue(limit)).ToList();
            if (parse.GetValue(json))
            {
                var items = events.Select(e => EventItem.From(e.Summary, e.Provenance)).ToList();
                Console.Out.WriteLine(JsonSerializer.Serialize(items, CliJsonContext.Default.ListEventItem));
            }
            else
            {
                PrintTable(events);
            }

            return 0;
        }));
        return command;
    }

    private static Command CreateShow()
    {
        var uuid = new Argument<string>("uuid") { Description = "The event's uuid (or its sha256: key)." };
        var json = CommonOptions.Json();
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var command = new Command("show", "Show one event exactly as Okta sent it.") { uuid, json, dataDir, config };
        command.SetAction(parse => Run(parse.GetValue(config), parse.GetValue(dataDir), reader =>
        {
            var id = parse.GetValue(uuid)!;
            if (reader.Find(id) is not { } stored)
            {
                Console.Error.WriteLine($"hookrelay: no event with uuid {id} is stored.");
                return 1;
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(stored.Json);
                return 0;
            }

            var s = stored.Summary;
            Console.Out.WriteLine($"uuid        {s.Uuid}{(s.UuidDerived ? "  (derived: the event had no uuid)" : string.Empty)}");
            Console.Out.WriteLine($"eventType   {s.EventType}");
            Console.Out.WriteLine($"published   {s.Published}");
            Console.Out.WriteLine($"receivedAt  {s.ReceivedAt:O}");
            Console.Out.WriteLine($"hook        {s.Hook}");
            Console.Out.WriteLine($"delivery    {stored.EnvelopeEventId}");
            Console.Out.WriteLine(JsonPrettyPrinter.TryFormat(stored.Json, out var pretty) ? pretty : stored.Json);
            return 0;
        }));
        return command;
    }

    private static int ParseLimit(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 1_000_000)
        {
            return value;
        }

        result.AddError($"--limit '{text}' is not a whole number between 1 and 1000000.");
        return 0;
    }

    private static Provenance? ParseProvenance(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (ProvenanceNames.Parse(text) is { } provenance)
        {
            return provenance;
        }

        result.AddError($"--provenance '{text}' is not one of {ProvenanceNames.Help}.");
        return null;
    }

    private static int Run(string? configFile, string? dataDir, Func<IEventReader, int> action) =>
        StoreCommand.Run(configFile, dataDir, (store, _) => action(store.Events));

    private static void PrintTable(List<EventListing> events)
    {
        if (events.Count == 0)
        {
            Console.Out.WriteLine("No events match.");
            return;
        }

        var table = new Table().AddColumns("Published", "Event type", "UUID", "Hook", "Received", "How");
        foreach (var (e, provenance, _) in events)
        {
            table.AddRow(
                Markup.Escape(e.Published ?? "-"), Markup.Escape(e.EventType ?? "-"), Markup.Escape(e.Uuid), Markup.Escape(e.Hook),
                e.ReceivedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), ProvenanceNames.Name(provenance));
        }

        StoreCommand.PrintTable(table);
    }
}

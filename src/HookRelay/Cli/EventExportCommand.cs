using System.CommandLine;
using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary>
/// <c>hookrelay events export</c>: a time window of events to stdout, as JSON lines or CSV, read a
/// page at a time so that the size of the window never decides the memory used.
/// </summary>
internal static class EventExportCommand
{
    public const int PageSize = 1000;

    public static Command Create()
    {
        var since = new Option<DateTimeOffset?>("--since") { Description = "Published at or after (ISO-8601 or an age like 7d).", Required = true, CustomParser = r => CliTime.Parse(r, TimeProvider.System) };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Published before (ISO-8601 or an age like 1h; default now).", CustomParser = r => CliTime.Parse(r, TimeProvider.System) };
        var type = new Option<string?>("--type") { Description = "Event type glob, for example 'user.session.*'." };
        var format = new Option<string>("--format") { Description = "jsonl (each event as Okta sent it, one per line) or csv.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var command = new Command("export", "Write a time window of events to stdout in published order, for audits: hookrelay events export --since 30d > events.jsonl") { since, until, type, format, dataDir, config };
        command.SetAction(parse =>
        {
            var from = parse.GetValue(since)!.Value;
            var to = parse.GetValue(until) ?? TimeProvider.System.GetUtcNow();
            if (to <= from)
            {
                Console.Error.WriteLine($"hookrelay: --until ({to:O}) must be later than --since ({from:O}).");
                return CliApp.UsageError;
            }

            var query = new ExportQuery(from, to, parse.GetValue(type));
            return StoreCommand.Run(parse.GetValue(config), parse.GetValue(dataDir), (store, _) => Export(store.Export, query, parse.GetValue(format)!));
        });
        return command;
    }

    private static int Export(IEventExport export, ExportQuery query, string format)
    {
        using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        IExportWriter writer = format == "csv" ? new CsvExportWriter(stdout) : new JsonLinesExportWriter(stdout);
        long written;
        try
        {
            writer.WriteHeader();
            // A bar only for a person watching: redirected stderr (scripts, tests) stays clean.
            written = CliProgress.Visible ? CopyWithProgress(export, query, writer) : Copy(export, query, writer, _ => { });
            stdout.Flush();
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"hookrelay: cannot write the export: {ex.Message}");
            return 1;
        }

        Console.Error.WriteLine($"exported {written} events");
        return 0;
    }

    private static long CopyWithProgress(IEventExport export, ExportQuery query, IExportWriter writer)
    {
        var total = export.Count(query);
        return CliProgress.Create().Start(progress =>
        {
            var task = progress.AddTask("Exporting events", maxValue: Math.Max(1, total));
            var written = Copy(export, query, writer, done => task.Value = done);
            task.Value = task.MaxValue;
            return written;
        });
    }

    /// <summary>Every event of the window, page by page, each page starting after the last event written.</summary>
    private static long Copy(IEventExport export, ExportQuery query, IExportWriter writer, Action<long> progress)
    {
        var position = ExportPosition.Start;
        long written = 0;
        while (true)
        {
            var page = export.ReadPage(query, position, PageSize);
            foreach (var exported in page)
            {
                writer.Write(exported);
            }

            written += page.Count;
            progress(written);
            if (page.Count < PageSize)
            {
                return written;
            }

            position = page[^1].Position;
        }
    }
}

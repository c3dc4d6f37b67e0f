using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HookRelay.Pipeline;
using HookRelay.Storage;
using Spectre.Console;

namespace HookRelay.Cli;

/// <summary><c>hookrelay sinks</c>: each configured sink's queue as the store sees it.</summary>
internal static class SinksCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var command = new Command("sinks", "Show each sink's pending, in-flight, delivered (all time), failing and dead work.") { json, dataDir, config, SinkTestCommand.Create() };
        command.SetAction(parse => StoreCommand.Run(parse.GetValue(config), parse.GetValue(dataDir), (store, configuration) =>
        {
            var stored = store.Dispatch.Status()
                .GroupBy(s => s.Sink, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var statuses = ConfiguredSinks(configuration)
                .Select(name => stored.GetValueOrDefault(name) ?? new SinkStatus(name, 0, 0, 0, 0, 0, null))
                .Concat(stored.Values.Where(s => !ConfiguredSinks(configuration).Contains(s.Sink, StringComparer.OrdinalIgnoreCase)))
                .ToList();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(statuses, CliJsonContext.Default.ListSinkStatus));
                return 0;
            }

            var table = new Table().AddColumns("Sink", "Pending", "In flight", "Delivered", "Failing", "Dead", "Paused until", "Last error");
            foreach (var s in statuses)
            {
                table.AddRow(
                    Markup.Escape(s.Sink),
                    StoreCommand.Count(s.Pending),
                    StoreCommand.Count(s.InFlight),
                    StoreCommand.Count(s.Delivered),
                    StoreCommand.Count(s.Failing),
                    StoreCommand.Count(s.Dead),
                    s.PausedUntil?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                    Markup.Escape(s.LastError ?? "-"));
            }

            StoreCommand.PrintTable(table);
            return 0;
        }));
        return command;
    }

    /// <summary>The sinks the configuration names, or the zero-config archive sink.</summary>
    public static List<string> ConfiguredSinks(IConfiguration configuration)
    {
        var names = configuration.GetSection("Sinks").GetChildren().Select(c => c.Key).ToList();
        return names.Count > 0 || configuration.GetSection("Routes").GetChildren().Any() ? names : [PipelineOptions.DefaultSinkName];
    }
}

using System.CommandLine;
using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary><c>hookrelay replay</c>: queues stored events for a sink again; the running server delivers them.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var sink = new Option<string>("--sink") { Description = "The sink to deliver to again.", Required = true };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Published at or after (ISO-8601 or an age like 2h).", CustomParser = r => CliTime.Parse(r, TimeProvider.System) };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Published before (ISO-8601 or an age like 30m).", CustomParser = r => CliTime.Parse(r, TimeProvider.System) };
        var type = new Option<string?>("--type") { Description = "Event type glob, for example 'user.lifecycle.*'." };
        var uuid = new Option<string?>("--uuid") { Description = "One event." };
        var deadLetters = new Option<bool>("--dead-letters") { Description = "Only events that are dead letters for this sink." };
        var json = CommonOptions.Json();
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var command = new Command("replay", "Queue stored events for a sink again.") { sink, since, until, type, uuid, deadLetters, json, dataDir, config };
        command.SetAction(parse => StoreCommand.Run(parse.GetValue(config), parse.GetValue(dataDir), (store, configuration) =>
        {
            var sinks = SinksCommand.ConfiguredSinks(configuration);
            var name = sinks.FirstOrDefault(s => string.Equals(s, parse.GetValue(sink), StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                Console.Error.WriteLine($"hookrelay: no sink named '{parse.GetValue(sink)}' is configured (configured: {string.Join(", ", sinks)}); pass the server's --config.");
                return 1;
            }

            var selection = new ReplaySelection(name, parse.GetValue(since), parse.GetValue(until), parse.GetValue(type), parse.GetValue(uuid), parse.GetValue(deadLetters));
            var admin = store.Dispatch;
            // On a terminal a progress bar (on stderr) follows the chunks through a large store.
            var queued = !CliProgress.Visible
                ? admin.Replay(selection)
                : CliProgress.Create().Start(progress =>
                {
                    var task = progress.AddTask($"Queuing events for sink '{selection.Sink}'", maxValue: 1);
                    return admin.Replay(selection, share => task.Value = share);
                });
            Console.Out.WriteLine(parse.GetValue(json)
                ? $$"""{"sink":{{System.Text.Json.JsonSerializer.Serialize(selection.Sink)}},"queued":{{queued}}}"""
                : $"Queued {queued} events for sink '{selection.Sink}'; a running server delivers them within seconds.");
            return 0;
        }));
        return command;
    }
}

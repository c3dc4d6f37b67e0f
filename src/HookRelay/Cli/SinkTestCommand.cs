using System.CommandLine;
using System.Globalization;
using System.Text;
using HookRelay.Pipeline;
using HookRelay.Sinks;

namespace HookRelay.Cli;

/// <summary><c>hookrelay sinks test S</c>: sends one synthetic event straight to a sink and reports what it said.</summary>
internal static class SinkTestCommand
{
    public const string TestEventType = "hookrelay.sink.test";

    public static Command Create()
    {
        var name = new Argument<string>("sink") { Description = "The configured sink to test." };
        var dataDir = CommonOptions.DataDir();
        var config = CommonOptions.Config();
        var command = new Command("test", "Send one synthetic event to a sink and report the result.") { name, dataDir, config };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(config), parse.GetValue(dataDir), parse.GetValue(name)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? configFile, string? dataDir, string sinkName, CancellationToken cancellationToken)
    {
        try
        {
            return await TestAsync(configFile, dataDir, sinkName, cancellationToken);
        }
        catch (Exception ex) when (ex is Hosting.StartupConfigurationException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"hookrelay: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> TestAsync(string? configFile, string? dataDir, string sinkName, CancellationToken cancellationToken)
    {
        var configuration = Hosting.HookRelayConfiguration.Build(configFile, new Dictionary<string, string?> { [Storage.DataDirectory.ConfigKey] = dataDir });
        var section = configuration.GetSection($"Sinks:{sinkName}");
        if (!section.Exists())
        {
            Console.Error.WriteLine($"hookrelay: no sink named '{sinkName}' is configured under Sinks; pass the server's --config.");
            return 1;
        }

        var options = new SinkOptions();
        section.Bind(options);
        var sink = new SinkFactory(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).Create(sinkName, options);
        try
        {
            var result = await sink.DeliverAsync([Synthetic()], cancellationToken);
            Console.Out.WriteLine(result.Outcome == SinkOutcome.Delivered
                ? $"Sink '{sinkName}' took the test event."
                : $"Sink '{sinkName}' answered {result.Outcome}: {result.Error}");
            return result.Outcome == SinkOutcome.Delivered ? 0 : 1;
        }
        finally
        {
            (sink as IDisposable)?.Dispose();
            if (sink is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
        }
    }

    private static SinkEvent Synthetic()
    {
        var now = TimeProvider.System.GetUtcNow();
        var uuid = Guid.NewGuid().ToString();
        var published = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var json = $$$"""{"uuid":"{{{uuid}}}","published":"{{{published}}}","eventType":"{{{TestEventType}}}","version":"0","severity":"INFO","displayMessage":"HookRelay sink test","actor":{"id":"hookrelay","type":"SystemPrincipal","displayName":"HookRelay"}}""";
        return new SinkEvent(0, uuid, "hookrelay", TestEventType, now, now, Encoding.UTF8.GetBytes(json));
    }
}

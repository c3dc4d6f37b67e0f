using HookRelay.Sinks;
using HookRelay.Storage;
using Microsoft.Extensions.Options;

namespace HookRelay.Pipeline;

/// <summary>
/// Zero-config: with no sinks configured, every event goes to a JSON-lines file in the data
/// folder, so a newcomer sees events flow. Also gives each sink its type's batch size.
/// </summary>
internal sealed class PipelineDefaultsSetup(DataDirectory dataDirectory) : IPostConfigureOptions<PipelineOptions>
{
    public const int HttpBatchSize = 1;
    public const int BatchSize = 500;

    public void PostConfigure(string? name, PipelineOptions options)
    {
        if (options.Sinks.Count == 0 && options.Routes.Count == 0)
        {
            options.Sinks[PipelineOptions.DefaultSinkName] = new SinkOptions { Type = SinkTypes.File, Path = Path.Combine(dataDirectory.Path, "events.jsonl") };
            options.Routes.Add(new RouteOptions { Sinks = [PipelineOptions.DefaultSinkName] });
        }

        foreach (var sink in options.Sinks.Values.Where(s => s.BatchSize == 0))
        {
            sink.BatchSize = string.Equals(sink.Type, SinkTypes.Http, StringComparison.OrdinalIgnoreCase) ? HttpBatchSize : BatchSize;
        }
    }
}

using HookRelay.Sinks;
using HookRelay.Storage;
using Microsoft.Extensions.Options;

namespace HookRelay.Pipeline;

/// <summary>
/// Zero-config: with no sinks configured, every event goes to a JSON-lines file in the data
/// folder, so a newcomer sees events flow.
/// </summary>
internal sealed class PipelineDefaultsSetup(DataDirectory dataDirectory) : IPostConfigureOptions<PipelineOptions>
{
    public void PostConfigure(string? name, PipelineOptions options)
    {
        if (options.Sinks.Count > 0 || options.Routes.Count > 0)
        {
            return;
        }

        options.Sinks[PipelineOptions.DefaultSinkName] = new SinkOptions { Type = SinkTypes.File, Path = Path.Combine(dataDirectory.Path, "events.jsonl") };
        options.Routes.Add(new RouteOptions { Sinks = [PipelineOptions.DefaultSinkName] });
    }
}

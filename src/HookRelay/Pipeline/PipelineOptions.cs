using HookRelay.Sinks;

namespace HookRelay.Pipeline;

/// <summary><c>Sinks</c> and <c>Routes</c> from the root of the configuration.</summary>
internal sealed class PipelineOptions
{
    public const string DefaultSinkName = "archive";

    public Dictionary<string, SinkOptions> Sinks { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<RouteOptions> Routes { get; } = [];
}

using HookRelay.Pipeline;
using Microsoft.Extensions.Options;

namespace HookRelay.Admin;

/// <summary>The sinks this server delivers to (the zero-config archive sink included), by their configured names.</summary>
internal sealed class ConfiguredSinks(IOptions<PipelineOptions> pipeline)
{
    public IReadOnlyList<string> Names => [.. pipeline.Value.Sinks.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    public string? Find(string name) => Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
}

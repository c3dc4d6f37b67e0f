using System.Text.Json.Serialization;

namespace HookRelay.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<EventListItem>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace HookRelay.Simulator;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OktaError))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;

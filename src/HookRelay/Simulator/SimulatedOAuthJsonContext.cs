using System.Text.Json.Serialization;

namespace HookRelay.Simulator;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SimulatedTokenResponse))]
[JsonSerializable(typeof(SimulatedOAuthError))]
internal sealed partial class SimulatedOAuthJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace HookRelay.Hooks;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SecretRotation))]
internal sealed partial class SecretRotationJsonContext : JsonSerializerContext;

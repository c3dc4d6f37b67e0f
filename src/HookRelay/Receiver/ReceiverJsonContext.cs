using System.Text.Json.Serialization;

namespace HookRelay.Receiver;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(VerificationResponse))]
internal sealed partial class ReceiverJsonContext : JsonSerializerContext;

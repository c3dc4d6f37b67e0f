using System.Text.Json.Serialization;

namespace HookRelay.Okta;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OktaOrgHealth))]
internal sealed partial class OktaJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace HookRelay.Okta;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OAuthTokenResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
internal sealed partial class OAuthJsonContext : JsonSerializerContext;

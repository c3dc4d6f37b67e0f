using System.Text.Json.Serialization;

namespace HookRelay.Okta.EventHooks;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(EventHook))]
[JsonSerializable(typeof(List<EventHook>))]
internal sealed partial class EventHookJsonContext : JsonSerializerContext;

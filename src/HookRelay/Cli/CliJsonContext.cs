using System.Text.Json.Serialization;

namespace HookRelay.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<HookRelay.Admin.EventItem>))]
[JsonSerializable(typeof(List<HookRelay.Storage.SinkStatus>))]
[JsonSerializable(typeof(List<HookRelay.Storage.DeadLetter>))]
[JsonSerializable(typeof(ReconcileReport))]
[JsonSerializable(typeof(List<HookRelay.Okta.OktaOrgHealth>))]
[JsonSerializable(typeof(List<HookRelay.Storage.OktaDeliveryFailure>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

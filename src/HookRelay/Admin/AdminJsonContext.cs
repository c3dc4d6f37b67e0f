using System.Text.Json.Serialization;
using HookRelay.Storage;

namespace HookRelay.Admin;

/// <summary>The admin API's JSON, source-generated; put first in the HTTP JSON options by <see cref="AdminExtensions"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EventPageResponse))]
[JsonSerializable(typeof(EventDetailResponse))]
[JsonSerializable(typeof(List<SinkStatus>))]
[JsonSerializable(typeof(List<DeadLetter>))]
[JsonSerializable(typeof(ReplayRequest))]
[JsonSerializable(typeof(ReplayResponse))]
[JsonSerializable(typeof(BackfillRequest))]
[JsonSerializable(typeof(BackfillStatus))]
[JsonSerializable(typeof(List<OktaOrgReport>))]
[JsonSerializable(typeof(HookRelay.Dashboard.OverviewResponse))]
[JsonSerializable(typeof(StreamedEvent))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;

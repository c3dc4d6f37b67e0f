using System.Text.Json.Serialization;

namespace HookRelay.Storage;

/// <summary>JSON the store writes as parameters (lists for <c>json_each</c>).</summary>
[JsonSerializable(typeof(IReadOnlyCollection<string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

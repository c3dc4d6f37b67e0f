using HookRelay.Storage;

namespace HookRelay.Admin;

/// <summary>An event in a search result. <paramref name="Provenance"/>: push, pull or both.</summary>
internal sealed record EventItem(string Uuid, bool UuidDerived, string Hook, string? EventType, string? Published, DateTimeOffset ReceivedAt, string Provenance)
{
    public static EventItem From(StoredEventSummary summary, Provenance provenance) =>
        new(summary.Uuid, summary.UuidDerived, summary.Hook, summary.EventType, summary.Published, summary.ReceivedAt, ProvenanceNames.Name(provenance));
}

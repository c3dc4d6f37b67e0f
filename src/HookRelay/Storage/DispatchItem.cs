namespace HookRelay.Storage;

/// <summary>A claimed work item: deliver event <paramref name="EventSeq"/> to the claiming sink.</summary>
/// <param name="Attempts">Including the attempt this claim starts.</param>
internal sealed record DispatchItem(long Id, long EventSeq, int Attempts, DateTimeOffset CreatedAt);

namespace HookRelay.Cli;

/// <summary>One line of <c>hookrelay events list --json</c>.</summary>
internal sealed record EventListItem(string Uuid, bool UuidDerived, string? EventType, string? Published, DateTimeOffset ReceivedAt, string Hook);

namespace HookRelay.Storage;

/// <summary>
/// Events to export: published in [<see cref="Since"/>, <see cref="Until"/>) (received time for an
/// event without a readable published time, as <c>events list</c> does), of an optional type glob.
/// </summary>
internal sealed record ExportQuery(DateTimeOffset Since, DateTimeOffset Until, string? TypeGlob);

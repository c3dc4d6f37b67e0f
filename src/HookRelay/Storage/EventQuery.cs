namespace HookRelay.Storage;

/// <summary>A selection of events; <see cref="TypeGlob"/> uses <c>*</c> and <c>?</c> as in <c>user.lifecycle.*</c>.</summary>
internal sealed record EventQuery(string? TypeGlob, DateTimeOffset? Since, DateTimeOffset? Until, int Limit);

namespace HookRelay.Admin;

/// <summary>How many events were queued for the sink again; the dispatcher delivers them within seconds.</summary>
internal sealed record ReplayResponse(string Sink, int Queued);

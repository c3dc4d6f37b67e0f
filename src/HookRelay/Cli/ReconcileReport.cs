using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary><c>hookrelay reconcile status --json</c>.</summary>
internal sealed record ReconcileReport(IReadOnlyList<ReconcileStatus> Hooks, IReadOnlyList<CursorStatus> Cursors);

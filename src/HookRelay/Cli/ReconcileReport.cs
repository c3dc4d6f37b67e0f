using HookRelay.Okta;
using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary><c>hookrelay reconcile status --json</c>: provenance per hook, and what reconciliation found per org.</summary>
internal sealed record ReconcileReport(IReadOnlyList<ReconcileStatus> Hooks, IReadOnlyList<OktaReconcileReport> Orgs);

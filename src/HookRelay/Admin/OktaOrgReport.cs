using HookRelay.Okta;
using HookRelay.Storage;

namespace HookRelay.Admin;

/// <summary>
/// One configured org as <c>GET /api/v1/okta</c> shows it: the health report the server last saved
/// (credentials, hooks, daily volume against the cap; null until the first check), what
/// reconciliation found, Okta's own logged delivery failures of the last 24 hours, and the org's
/// running or last backfill on this instance (null if none ran since it started).
/// </summary>
internal sealed record OktaOrgReport(
    string Org, OktaOrgHealth? Health, OktaReconcileReport Reconciliation, IReadOnlyList<OktaDeliveryFailure> DeliveryFailures, BackfillStatus? Backfill);

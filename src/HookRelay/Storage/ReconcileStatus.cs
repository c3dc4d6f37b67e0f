namespace HookRelay.Storage;

/// <summary>
/// What reconciliation knows of one hook's events: how many came by push only, by pull only (Okta
/// never delivered them), or both; and, per org, when the System Log cursor last moved.
/// </summary>
internal sealed record ReconcileStatus(string Hook, long PushOnly, long PullOnly, long Both);

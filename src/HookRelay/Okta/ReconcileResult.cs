namespace HookRelay.Okta;

/// <param name="Pulled">Events read from the System Log.</param>
/// <param name="Backfilled">Of those, events no push had delivered: now stored and dispatched.</param>
internal readonly record struct ReconcileResult(int Pulled, int Backfilled)
{
    public static ReconcileResult operator +(ReconcileResult left, ReconcileResult right) =>
        new(left.Pulled + right.Pulled, left.Backfilled + right.Backfilled);
}

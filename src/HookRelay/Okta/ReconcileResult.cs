namespace HookRelay.Okta;

/// <param name="Pulled">Events read from the System Log.</param>
/// <param name="Backfilled">Of those, events no push had delivered: now stored and dispatched.</param>
/// <param name="ReachedEnd">The pass read up to the end of the System Log (not stopped by its page limit).</param>
internal readonly record struct ReconcileResult(int Pulled, int Backfilled, bool ReachedEnd = false)
{
    public static ReconcileResult operator +(ReconcileResult left, ReconcileResult right) =>
        new(left.Pulled + right.Pulled, left.Backfilled + right.Backfilled, right.ReachedEnd);
}

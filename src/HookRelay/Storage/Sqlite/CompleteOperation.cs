namespace HookRelay.Storage.Sqlite;

/// <summary>
/// Records attempt outcomes: delivered items in one statement (and their sinks' totals in one
/// more), the rest one by one.
/// </summary>
internal sealed class CompleteOperation(IReadOnlyList<DispatchCompletion> completions) : StoreOperation<int>
{
    // Counts what the next statement delivers, with its filter, before it runs: the same
    // transaction on the store's only writer, so nothing changes in between.
    private const string CountDelivered = """
        INSERT INTO sink_totals (sink, delivered)
        SELECT sink, COUNT(*) FROM dispatch
        WHERE id IN (SELECT value FROM json_each($ids)) AND state = 0
        GROUP BY sink
        ON CONFLICT (sink) DO UPDATE SET delivered = delivered + excluded.delivered;
        """;

    // Only pending rows, so an item is counted once however often its outcome is recorded.
    private const string Delivered = """
        UPDATE dispatch
        SET state = 1, attempts = attempts + 1, lease_until = NULL, last_error = NULL, done_at = $now
        WHERE id IN (SELECT value FROM json_each($ids)) AND state = 0;
        """;

    private const string Other = """
        UPDATE dispatch
        SET state = $state,
            attempts = attempts + 1,
            next_attempt_at = COALESCE($next, next_attempt_at),
            lease_until = NULL,
            last_error = $error,
            done_at = CASE WHEN $state = 0 THEN NULL ELSE $now END
        WHERE id = $id;
        """;

    protected override int Run(SqliteWriteContext context)
    {
        var delivered = completions.Where(c => c.State == DispatchState.Delivered).Select(c => c.Id).ToList();
        var changed = 0;
        if (delivered.Count > 0)
        {
            var ids = "[" + string.Join(',', delivered) + "]";
            context.Command(CountDelivered).Set("$ids", ids).ExecuteNonQuery();
            changed = context.Command(Delivered)
                .Set("$ids", ids)
                .Set("$now", context.NowMilliseconds)
                .ExecuteNonQuery();
        }

        foreach (var completion in completions.Where(c => c.State != DispatchState.Delivered))
        {
            changed += context.Command(Other)
                .Set("$id", completion.Id)
                .Set("$state", (int)completion.State)
                .Set("$next", completion.NextAttemptAt?.ToUnixTimeMilliseconds())
                .Set("$error", completion.Error)
                .Set("$now", context.NowMilliseconds)
                .ExecuteNonQuery();
        }

        return changed;
    }
}

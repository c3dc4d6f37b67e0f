namespace HookRelay.Storage.Sqlite;

/// <summary>Records attempt outcomes: delivered items in one statement, the rest one by one.</summary>
internal sealed class CompleteOperation(IReadOnlyList<DispatchCompletion> completions) : StoreOperation<int>
{
    private const string Delivered = """
        UPDATE dispatch
        SET state = 1, attempts = attempts + 1, lease_until = NULL, last_error = NULL, done_at = $now
        WHERE id IN (SELECT value FROM json_each($ids));
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
        var changed = delivered.Count == 0 ? 0 : context.Command(Delivered)
            .Set("$ids", "[" + string.Join(',', delivered) + "]")
            .Set("$now", context.NowMilliseconds)
            .ExecuteNonQuery();
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

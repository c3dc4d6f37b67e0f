namespace HookRelay.Storage.Sqlite;

/// <summary>Records attempt outcomes and frees their leases.</summary>
internal sealed class CompleteOperation(IReadOnlyList<DispatchCompletion> completions) : StoreOperation<int>
{
    private const string Complete = """
        UPDATE dispatch
        SET state = $state,
            next_attempt_at = COALESCE($next, next_attempt_at),
            lease_until = NULL,
            last_error = $error,
            done_at = CASE WHEN $state = 0 THEN NULL ELSE $now END
        WHERE id = $id;
        """;

    protected override int Run(SqliteWriteContext context)
    {
        var changed = 0;
        foreach (var completion in completions)
        {
            changed += context.Command(Complete)
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

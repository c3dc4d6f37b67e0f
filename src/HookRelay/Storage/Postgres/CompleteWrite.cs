namespace HookRelay.Storage.Postgres;

/// <summary>
/// Records attempt outcomes. Only pending rows change: an item whose lease ran out and that
/// another instance has delivered since stays delivered.
/// </summary>
internal sealed class CompleteWrite(IReadOnlyList<DispatchCompletion> completions) : PostgresWrite<int>
{
    private const string Delivered = """
        UPDATE dispatch
        SET state = 1, attempts = attempts + 1, lease_until = NULL, last_error = NULL, done_at = @now
        WHERE id = ANY(@ids) AND state = 0;
        """;

    private const string Other = """
        UPDATE dispatch
        SET state = @state,
            attempts = attempts + 1,
            next_attempt_at = COALESCE(@next, next_attempt_at),
            lease_until = NULL,
            last_error = @error,
            done_at = CASE WHEN @state = 0 THEN NULL ELSE @now END
        WHERE id = @id AND state = 0;
        """;

    protected override int Run(PostgresWriteContext context)
    {
        var delivered = completions.Where(c => c.State == DispatchState.Delivered).Select(c => c.Id).ToArray();
        var changed = delivered.Length == 0 ? 0 : context.Command(Delivered)
            .Set("ids", delivered)
            .Set("now", context.NowMilliseconds)
            .ExecuteNonQuery();
        foreach (var completion in completions.Where(c => c.State != DispatchState.Delivered))
        {
            changed += context.Command(Other)
                .Set("id", completion.Id)
                .Set("state", (short)completion.State)
                .Set("next", completion.NextAttemptAt?.ToUnixTimeMilliseconds())
                .Set("error", completion.Error)
                .Set("now", context.NowMilliseconds)
                .ExecuteNonQuery();
        }

        return changed;
    }
}

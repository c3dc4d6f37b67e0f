namespace HookRelay.Storage.Postgres;

/// <summary>
/// Records attempt outcomes. Only pending rows change: an item whose lease ran out and that
/// another instance has delivered since stays delivered.
/// </summary>
internal sealed class CompleteWrite(IReadOnlyList<DispatchCompletion> completions) : PostgresWrite<int>
{
    private const string Delivered = """
        WITH done AS (
            UPDATE dispatch
            SET state = 1, attempts = attempts + 1, lease_until = NULL, last_error = NULL, done_at = @now
            WHERE id = ANY(@ids) AND state = 0
            RETURNING 1)
        SELECT COUNT(*)::integer FROM done;
        """;

    private const string Other = """
        WITH done AS (
            UPDATE dispatch
            SET state = @state,
                attempts = attempts + 1,
                next_attempt_at = COALESCE(@next, next_attempt_at),
                lease_until = NULL,
                last_error = @error,
                done_at = CASE WHEN @state = 0 THEN NULL ELSE @now END
            WHERE id = @id AND state = 0
            RETURNING 1)
        SELECT COUNT(*)::integer FROM done;
        """;

    public override void Prepare(PostgresWriteContext context)
    {
        var delivered = completions.Where(c => c.State == DispatchState.Delivered).Select(c => c.Id).ToArray();
        if (delivered.Length > 0)
        {
            context.Add(this, Delivered).Set("ids", delivered).Set("now", context.NowMilliseconds);
        }

        foreach (var completion in completions.Where(c => c.State != DispatchState.Delivered))
        {
            context.Add(this, Other)
                .Set("id", completion.Id)
                .Set("state", (short)completion.State)
                .Set("next", completion.NextAttemptAt?.ToUnixTimeMilliseconds())
                .Set("error", completion.Error)
                .Set("now", context.NowMilliseconds);
        }
    }

    protected override int Run(PostgresWriteContext context) => context.Rows(this).Sum(row => (int)row[0]!);
}

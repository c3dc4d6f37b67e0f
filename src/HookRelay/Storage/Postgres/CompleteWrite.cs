namespace HookRelay.Storage.Postgres;

/// <summary>
/// Records attempt outcomes. Only pending rows change: an item whose lease ran out and that
/// another instance has delivered since stays delivered. Deliveries go to the batch's one
/// <see cref="BatchDeliveries"/> statement, which keeps the sinks' totals.
/// </summary>
internal sealed class CompleteWrite(IReadOnlyList<DispatchCompletion> completions) : PostgresWrite<int>
{
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
        context.Deliveries.Add(Delivered);
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

    protected override int Run(PostgresWriteContext context) =>
        context.Deliveries.CountDone(context, Delivered) + context.Rows(this).Sum(row => (int)row[0]!);

    private IEnumerable<long> Delivered => completions.Where(c => c.State == DispatchState.Delivered).Select(c => c.Id);
}

namespace HookRelay.Storage.Postgres;

/// <summary>
/// Every item a group commit delivers, marked in one statement that also adds the batch's count
/// to each sink's total. A total's row is locked until the commit, so each writer adds to a row
/// of its own slot (instances seldom share one and so seldom wait on each other's commit); the
/// writer queues this statement after the batch's others, to hold the rows the shortest time and
/// after every other lock of the round trip; and it takes them in sink order, so two writers
/// that do share a slot wait on each other's commit at most, never in a circle.
/// </summary>
internal sealed class BatchDeliveries
{
    // Only pending rows: an item whose lease ran out and that another instance has delivered
    // since stays delivered, and is counted once.
    private const string Deliver = """
        WITH done AS (
            UPDATE dispatch
            SET state = 1, attempts = attempts + 1, lease_until = NULL, last_error = NULL, done_at = @now
            WHERE id = ANY(@ids) AND state = 0
            RETURNING id, sink),
        counted AS (
            INSERT INTO sink_totals AS t (sink, slot, delivered)
            SELECT sink, (pg_backend_pid() % 8)::smallint, COUNT(*) FROM done GROUP BY sink ORDER BY sink COLLATE "C"
            ON CONFLICT (sink, slot) DO UPDATE SET delivered = t.delivered + excluded.delivered)
        SELECT id FROM done;
        """;

    private readonly List<long> _ids = [];
    private HashSet<long>? _done;

    public void Add(IEnumerable<long> ids) => _ids.AddRange(ids);

    /// <summary>Queues the statement, if the batch delivers anything; the writer calls it once, after every write's own.</summary>
    public void Prepare(PostgresWriteContext context)
    {
        if (_ids.Count > 0)
        {
            context.Add(this, Deliver).Set("ids", _ids.ToArray()).Set("now", context.NowMilliseconds);
        }
    }

    /// <summary>How many of <paramref name="ids"/> this batch delivered; read after the round trip, before the next.</summary>
    public int CountDone(PostgresWriteContext context, IEnumerable<long> ids)
    {
        _done ??= [.. context.Rows(this).Select(row => (long)row[0]!)];
        return ids.Count(_done.Contains);
    }
}

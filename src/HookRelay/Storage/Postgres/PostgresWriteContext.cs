using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// One group commit on PostgreSQL. Writes queue their statements and the batch goes to the server
/// in one round trip (a second one for follow-ups, then the commit): on a busy machine every
/// round trip waits for the database process to be scheduled, so their number sets the commit time.
/// Every statement returns rows (use <c>RETURNING</c>, or wrap an update as <c>WITH u AS (… RETURNING 1) SELECT COUNT(*) FROM u</c>),
/// so results line up with statements.
/// </summary>
internal sealed class PostgresWriteContext(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now)
{
    private readonly List<(object Owner, NpgsqlBatchCommand Command)> _pending = [];
    private readonly Dictionary<object, List<object?[]>> _rows = new(ReferenceEqualityComparer.Instance);

    /// <summary>The batch's clock reading, so every row of one commit agrees on the time.</summary>
    public DateTimeOffset Now { get; } = now;

    public long NowMilliseconds => Now.ToUnixTimeMilliseconds();

    public bool HasPending => _pending.Count > 0;

    /// <summary>The items this commit delivers, marked together in one statement.</summary>
    public BatchDeliveries Deliveries { get; } = new();

    /// <summary>Queues a statement of <paramref name="owner"/> for the next round trip.</summary>
    public NpgsqlBatchCommand Add(object owner, string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        _pending.Add((owner, command));
        return command;
    }

    /// <summary>The rows of every statement <paramref name="owner"/> queued, in the order queued, one list per row.</summary>
    public IReadOnlyList<object?[]> Rows(object owner) => _rows.TryGetValue(owner, out var rows) ? rows : [];

    /// <summary>Runs every queued statement in one round trip and keeps their rows.</summary>
    public void Send()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        _rows.Clear();
        using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (_, command) in _pending)
        {
            batch.BatchCommands.Add(command);
        }

        using (var reader = batch.ExecuteReader())
        {
            var index = 0;
            do
            {
                var owner = _pending[index++].Owner;
                if (!_rows.TryGetValue(owner, out var rows))
                {
                    _rows[owner] = rows = [];
                }

                while (reader.Read())
                {
                    var values = new object?[reader.FieldCount];
                    reader.GetValues(values!);
                    rows.Add([.. values.Select(v => v is DBNull ? null : v)]);
                }
            }
            while (reader.NextResult());
        }

        _pending.Clear();
    }
}

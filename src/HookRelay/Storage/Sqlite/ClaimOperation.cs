namespace HookRelay.Storage.Sqlite;

/// <summary>Leases the oldest due items of one sink; an expired lease (a crashed worker's) is taken again.</summary>
internal sealed class ClaimOperation(string sink, int max, TimeSpan lease) : StoreOperation<IReadOnlyList<DispatchItem>>
{
    private const string Claim = """
        UPDATE dispatch SET lease_until = $leaseUntil, attempts = attempts + 1
        WHERE id IN (
            SELECT id FROM dispatch
            WHERE sink = $sink AND state = 0 AND next_attempt_at <= $now AND (lease_until IS NULL OR lease_until <= $now)
            ORDER BY next_attempt_at, id
            LIMIT $max)
        RETURNING id, event_seq, attempts, created_at;
        """;

    protected override IReadOnlyList<DispatchItem> Run(SqliteWriteContext context)
    {
        var command = context.Command(Claim)
            .Set("$sink", sink)
            .Set("$max", max)
            .Set("$now", context.NowMilliseconds)
            .Set("$leaseUntil", (context.Now + lease).ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var items = new List<DispatchItem>();
        while (reader.Read())
        {
            items.Add(new DispatchItem(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return items;
    }
}

using HookRelay.Operations;
using HookRelay.Storage.GroupCommit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// The PostgreSQL store, shared by every instance. Writes go through this instance's
/// <see cref="GroupCommitQueue{TContext}"/>; sink workers of all instances claim dispatch work
/// with leases, skipping rows another instance holds.
/// </summary>
internal sealed class PostgresEventStore : IEventStore, IDispatchQueue, IOktaStateStore, IAsyncDisposable
{
    private const string ClaimSql = """
        WITH due AS (
            SELECT id FROM dispatch
            WHERE sink = @sink AND state = 0 AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
            ORDER BY next_attempt_at, id
            LIMIT @max
            FOR UPDATE SKIP LOCKED)
        UPDATE dispatch d SET lease_until = @leaseUntil
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.event_seq, d.attempts + 1, d.created_at;
        """;

    private readonly GroupCommitQueue<PostgresWriteContext> _queue;
    private readonly PostgresDatabase _database;
    private readonly TimeProvider _timeProvider;

    public PostgresEventStore(
        PostgresDatabase database,
        IOptions<StorageOptions> options,
        HookRelayMetrics metrics,
        TimeProvider timeProvider,
        ILogger<PostgresEventStore> logger)
    {
        _queue = new GroupCommitQueue<PostgresWriteContext>(
            new PostgresBatchWriter(database, timeProvider, logger), () => new ProbeWrite(),
            options.Value.MaxDeliveriesPerCommit, metrics, timeProvider, logger);
        _database = database;
        _timeProvider = timeProvider;
    }

    public Task<AppendResult> AppendAsync(ReceivedDelivery delivery, CancellationToken cancellationToken) =>
        _queue.EnqueueAsync(new AppendWrite(delivery), cancellationToken);

    public Task<StoreHealth> CheckWritableAsync(CancellationToken cancellationToken) => _queue.CheckWritableAsync(cancellationToken);

    /// <summary>
    /// Leases due items in one statement. The lease is not worth a flush to disk: if it is lost
    /// in a crash, the items are due again and another worker delivers them (at least once).
    /// </summary>
    public async Task<IReadOnlyList<DispatchItem>> ClaimAsync(string sink, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        try
        {
            await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var relaxed = new NpgsqlCommand("SET LOCAL synchronous_commit = off;", connection, transaction))
            {
                await relaxed.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = new NpgsqlCommand(ClaimSql, connection, transaction)
                .Set("sink", sink)
                .Set("now", now.ToUnixTimeMilliseconds())
                .Set("max", max)
                .Set("leaseUntil", (now + lease).ToUnixTimeMilliseconds());
            var items = new List<DispatchItem>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(new DispatchItem(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return [.. items.OrderBy(i => i.Id)];
        }
        catch (NpgsqlException ex)
        {
            throw new StoreUnavailableException($"Cannot claim work from the {_database.Description}: {ex.Message}", ex);
        }
    }

    public Task CompleteAsync(IReadOnlyList<DispatchCompletion> completions, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new CompleteWrite(completions), cancellationToken);

    public Task SetPausedAsync(string sink, DateTimeOffset? until, string? reason, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new SetPauseWrite(sink, until, reason), cancellationToken);

    public Uri? LoadCursor(string org) =>
        QueryScalar("SELECT next_url FROM okta_cursors WHERE org = @org;", org) is string url ? new Uri(url) : null;

    public DateTimeOffset? LoadPosition(string org) =>
        QueryScalar("SELECT position_at FROM okta_cursors WHERE org = @org;", org) is long at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null;

    public Task SaveCursorAsync(string org, Uri next, DateTimeOffset? position, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new SaveCursorWrite(org, next, position), cancellationToken);

    public Task MarkCaughtUpAsync(string org, DateTimeOffset checkedAt, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new MarkCaughtUpWrite(org, checkedAt), cancellationToken);

    public Task RecordDeliveryFailuresAsync(IReadOnlyList<OktaDeliveryFailure> failures, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new RecordDeliveryFailuresWrite(failures), cancellationToken);

    public Task SaveOrgHealthAsync(string org, string reportJson, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new SaveOrgHealthWrite(org, reportJson), cancellationToken);

    public Task<StoredBackfill> ClaimBackfillAsync(string org, StoredBackfill backfill, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new ClaimBackfillWrite(org, backfill), cancellationToken);

    public Task<bool> SaveBackfillAsync(string org, StoredBackfill backfill, CancellationToken cancellationToken) =>
        _queue.EnqueueWaitingAsync(new SaveBackfillWrite(org, backfill), cancellationToken);

    /// <summary>Queues a write for the next group commit (tests use it to put their own writes in a batch).</summary>
    internal Task<T> EnqueueAsync<T>(PostgresWrite<T> write, CancellationToken cancellationToken) =>
        _queue.EnqueueAsync(write, cancellationToken);

    /// <summary>Called after Kestrel has drained: writes what is queued, then closes.</summary>
    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    private object? QueryScalar(string sql, string org)
    {
        try
        {
            using var connection = _database.OpenForQueries();
            using var command = new NpgsqlCommand(sql, connection).Set("org", org);
            return command.ExecuteScalar();
        }
        catch (NpgsqlException ex)
        {
            throw new StoreUnavailableException($"Cannot read from the {_database.Description}: {ex.Message}", ex);
        }
    }
}

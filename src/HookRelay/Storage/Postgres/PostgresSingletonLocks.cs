using System.Collections.Concurrent;
using Npgsql;

namespace HookRelay.Storage.Postgres;

/// <summary>
/// Singleton work under PostgreSQL session advisory locks, all held on one connection outside
/// the pool. If this process dies its connection closes and PostgreSQL frees the locks at once;
/// another instance's next try (every <see cref="RetryInterval"/>) takes them over. A broken
/// connection cancels every held lock's token, so work stops before another instance starts it.
/// </summary>
internal sealed partial class PostgresSingletonLocks(PostgresDatabase database, TimeProvider timeProvider, ILogger<PostgresSingletonLocks> logger)
    : ISingletonLocks, IAsyncDisposable
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Wanted> _wanted = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private NpgsqlConnection? _connection;
    private Task? _loop;

    public Task<CancellationToken> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var wanted = _wanted.GetOrAdd(name, n => new Wanted(n));
        lock (_gate)
        {
            _loop ??= Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        }

        return wanted.HeldAsync(cancellationToken);
    }

    public bool Holds(string name) => _wanted.TryGetValue(name, out var wanted) && wanted.IsHeld;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        Drop(reason: null);
        foreach (var wanted in _wanted.Values)
        {
            wanted.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TryAcquireAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                Drop(ex.Message);
            }

            try
            {
                await Task.Delay(RetryInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Proves the connection (and so the held locks) alive, then tries the locks not held yet.</summary>
    private async Task TryAcquireAsync(CancellationToken cancellationToken)
    {
        _connection ??= database.OpenDedicated("locks");
        await using (var alive = new NpgsqlCommand("SELECT 1;", _connection))
        {
            await alive.ExecuteScalarAsync(cancellationToken);
        }

        foreach (var wanted in _wanted.Values.Where(w => !w.IsHeld))
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@name, 0));", _connection)
                .Set("name", "hookrelay:" + wanted.Name);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                wanted.Take();
                LogAcquired(logger, wanted.Name);
            }
        }
    }

    /// <summary>The connection is gone, and with it every lock this instance held (no reason: the instance is stopping).</summary>
    private void Drop(string? reason)
    {
        var connection = _connection;
        _connection = null;
        try
        {
            connection?.Dispose();
        }
        catch (NpgsqlException)
        {
            // A broken connection may fail to close; PostgreSQL ends its session either way.
        }

        foreach (var wanted in _wanted.Values.Where(w => w.IsHeld))
        {
            wanted.Lose();
            if (reason is not null)
            {
                // Stopping releases the locks on purpose; only losing them is worth a warning.
                LogLost(logger, wanted.Name, reason);
            }
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "This instance now runs the singleton work '{Name}'.")]
    private static partial void LogAcquired(ILogger logger, string name);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "This instance lost the lock of the singleton work '{Name}' and stops it until it holds it again: {Reason}")]
    private static partial void LogLost(ILogger logger, string name, string reason);

    /// <summary>One lock this instance wants: a waiter until it is held, then a token until it is lost.</summary>
    private sealed class Wanted(string name) : IDisposable
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource<CancellationToken> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<CancellationTokenSource?> _lost = [];
        private CancellationTokenSource? _holding;

        public string Name { get; } = name;

        public bool IsHeld
        {
            get
            {
                lock (_gate)
                {
                    return _holding is not null;
                }
            }
        }

        public Task<CancellationToken> HeldAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return _held.Task.WaitAsync(cancellationToken);
            }
        }

        public void Take()
        {
            lock (_gate)
            {
                _holding = new CancellationTokenSource();
                _held.TrySetResult(_holding.Token);
            }
        }

        public void Lose()
        {
            lock (_gate)
            {
                // Cancelled, not disposed: the holder's work may still be looking at its token.
                _holding?.Cancel();
                _lost.Add(_holding);
                _holding = null;
                _held = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void Dispose()
        {
            foreach (var source in _lost.Append(_holding))
            {
                source?.Dispose();
            }
        }
    }
}

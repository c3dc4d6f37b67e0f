using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HookRelay.Operations;
using HookRelay.Storage;
using HookRelay.Storage.Postgres;
using HookRelay.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>
/// One provider's store as the contract suite sees it: the writer, the queue and every reader,
/// on a real SQLite file or a real PostgreSQL database, with commit sizes recorded.
/// </summary>
internal abstract class StoreUnderTest : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();

    protected StoreUnderTest()
    {
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name == "hookrelay.commit.batch_size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, size, _, _) => CommitSizes.Enqueue(size));
        _listener.Start();
        Metrics = new HookRelayMetrics(meterFactory);
    }

    public abstract IEventStore Store { get; }

    public abstract IDispatchQueue Queue { get; }

    public abstract IOktaStateStore State { get; }

    public abstract IEventReader Events { get; }

    public abstract IOktaStatusReader Okta { get; }

    public abstract IDispatchAdmin Admin { get; }

    public abstract IOverviewReader Overview { get; }

    public ConcurrentQueue<int> CommitSizes { get; } = new();

    protected HookRelayMetrics Metrics { get; }

    /// <summary>Another store on the same file or database: a second server, or the same one restarted.</summary>
    public abstract StoreUnderTest OpenAnother();

    /// <summary>
    /// Gives a stored event another seq: what a row committed late by another PostgreSQL instance
    /// looks like to a reader, a seq below rows it has already seen.
    /// </summary>
    public abstract Task RenumberAsync(string uuid, long seq);

    public IReadOnlyList<string> AllUuids() => Uuids(new EventSearch());

    /// <summary>Every event the search finds, newest first, read a page at a time as the CLI does.</summary>
    public IReadOnlyList<string> Uuids(EventSearch search) => [.. EventPages.Read(Events, search, int.MaxValue).Select(e => e.Summary.Uuid)];

    public virtual async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)Store).DisposeAsync();
        _listener.Dispose();
        await _services.DisposeAsync();
    }

    protected static IOptions<StorageOptions> Options(int maxPerCommit) =>
        Microsoft.Extensions.Options.Options.Create(new StorageOptions { MaxDeliveriesPerCommit = maxPerCommit });
}

internal sealed class SqliteStoreUnderTest : StoreUnderTest
{
    private readonly SqliteDatabase _database;
    private readonly SqliteEventStore _store;
    private IOverviewReader? _overview;
    private IOktaStatusReader? _okta;
    private readonly int _maxPerCommit;

    public SqliteStoreUnderTest(string folder, int maxPerCommit = 256)
    {
        _maxPerCommit = maxPerCommit;
        _database = new SqliteDatabase(new DataDirectory(folder), busyTimeoutSeconds: 5);
        _store = new SqliteEventStore(_database, Options(maxPerCommit), Metrics, TimeProvider.System, NullLogger<SqliteEventStore>.Instance);
        Folder = folder;
    }

    public string Folder { get; }

    public override IEventStore Store => _store;

    public override IDispatchQueue Queue => _store;

    public override IOktaStateStore State => _store;

    public override IEventReader Events => new SqliteEventReader(_database);

    // One reader, as the server has: it keeps the pulled events it has read.
    public override IOktaStatusReader Okta => _okta ??= new SqliteOktaStatusReader(_database);

    public override IDispatchAdmin Admin => new SqliteDispatchAdmin(_database, TimeProvider.System);

    // One reader, as the server has: it keeps the minutes it has counted.
    public override IOverviewReader Overview => _overview ??= new SqliteOverviewReader(_database);

    public override StoreUnderTest OpenAnother() => new SqliteStoreUnderTest(Folder, _maxPerCommit);

    public override async Task RenumberAsync(string uuid, long seq)
    {
        await using var connection = _database.OpenReadWrite();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE events SET seq = $seq WHERE uuid = $uuid;";
        command.Parameters.AddWithValue("$seq", seq);
        command.Parameters.AddWithValue("$uuid", uuid);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

internal sealed class PostgresStoreUnderTest : StoreUnderTest
{
    private readonly PostgresDatabase _database;
    private readonly PostgresEventStore _store;
    private IOverviewReader? _overview;
    private IOktaStatusReader? _okta;
    private readonly int _maxPerCommit;

    public PostgresStoreUnderTest(string connectionString, int maxPerCommit = 256)
    {
        ConnectionString = connectionString;
        _maxPerCommit = maxPerCommit;
        _database = new PostgresDatabase(connectionString);
        _store = new PostgresEventStore(_database, Options(maxPerCommit), Metrics, TimeProvider.System, NullLogger<PostgresEventStore>.Instance);
    }

    public string ConnectionString { get; }

    public PostgresDatabase Database => _database;

    public override IEventStore Store => _store;

    public override IDispatchQueue Queue => _store;

    public override IOktaStateStore State => _store;

    public override IEventReader Events => new PostgresEventReader(_database);

    // One reader, as the server has: it keeps the pulled events it has read.
    public override IOktaStatusReader Okta => _okta ??= new PostgresOktaStatusReader(_database);

    public override IDispatchAdmin Admin => new PostgresDispatchAdmin(_database, TimeProvider.System);

    // One reader, as the server has: it keeps the minutes it has counted.
    public override IOverviewReader Overview => _overview ??= new PostgresOverviewReader(_database);

    public override StoreUnderTest OpenAnother() => new PostgresStoreUnderTest(ConnectionString, _maxPerCommit);

    public override async Task RenumberAsync(string uuid, long seq)
    {
        // seq is GENERATED ALWAYS: the row is written again with the seq given.
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            CREATE TEMP TABLE renumbered AS SELECT * FROM events WHERE uuid = @uuid;
            UPDATE renumbered SET seq = @seq;
            DELETE FROM events WHERE uuid = @uuid;
            INSERT INTO events OVERRIDING SYSTEM VALUE SELECT * FROM renumbered;
            DROP TABLE renumbered;
            """, connection);
        command.Parameters.AddWithValue("seq", seq);
        command.Parameters.AddWithValue("uuid", uuid);
        await command.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}

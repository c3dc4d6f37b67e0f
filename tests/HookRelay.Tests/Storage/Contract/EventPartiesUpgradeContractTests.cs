using System.Data.Common;
using HookRelay.Storage;
using HookRelay.Storage.Postgres;
using HookRelay.Storage.Sqlite;
using HookRelay.Tests.Infrastructure;
using Npgsql;
using static HookRelay.Tests.Storage.Contract.SearchEvents;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>
/// Upgrading a store whose events were stored before the actor and target ids were: the schema
/// script reads them from the stored JSON, so the search finds those events too.
/// </summary>
public abstract class EventPartiesUpgradeContractTests
{
    /// <summary>PostgreSQL's json refuses \u0000 anywhere in a document; SQLite reads it.</summary>
    private protected abstract bool ReadsJsonWithNul { get; }

    /// <summary>A new store with the schema of the version before the ids, and a connection to it.</summary>
    private protected abstract Task<DbConnection> CreateBeforePartiesAsync();

    private protected abstract void MigrateToLatest(DbConnection connection);

    /// <summary>The store created by <see cref="CreateBeforePartiesAsync"/>.</summary>
    private protected abstract StoreUnderTest Open();

    [Fact]
    public async Task Migrate_EventsStoredBeforeIt_AreFoundByActorAndTarget()
    {
        await using (var connection = await CreateBeforePartiesAsync())
        {
            StoreAsBefore(connection, Delivery(
                [
                    Event("u-1", published: "2026-08-20T10:00:00.000Z", actor: Actor("alice@example.com", "00ua"), target: """[{"id":"0oa1","alternateId":"Salesforce"},{"id":"00g1","alternateId":"Admins"}]"""),
                    Event("u-2", published: "2026-08-20T10:00:01.000Z", actor: Actor(null, "00ub"), target: """["00g1",{"id":7},{"id":"00g1","alternateId":"00g1"}]"""),
                    Event("u-3", published: "2026-08-20T10:00:02.000Z", actor: "\"system\"", target: """{"id":"00g1"}"""),
                    """{"uuid":"u-4","published":"2026-08-20T10:00:03.000Z","displayMessage":"\u0000","actor":{"id":"00ua"},"target":[]}""",
                    """{"uuid":"u-5","published":"2026-08-20T10:00:04.000Z"}""",
                ]));
            MigrateToLatest(connection);
        }

        await using var store = Open();
        await store.Store.AppendAsync(Delivery([Event("n-1", published: "2026-08-20T11:00:00.000Z", actor: Actor("alice@example.com", "00ua"), target: """[{"id":"00g1"}]""")]), CancellationToken.None);

        Assert.Equal(["n-1", "u-1"], Uuids(store, new EventSearch(Actor: "alice@example.com")));
        Assert.Equal(ReadsJsonWithNul ? ["n-1", "u-4", "u-1"] : ["n-1", "u-1"], Uuids(store, new EventSearch(Actor: "00ua")));
        Assert.Equal(["u-2"], Uuids(store, new EventSearch(Actor: "00ub")));
        Assert.Equal(["n-1", "u-2", "u-1"], Uuids(store, new EventSearch(Target: "00g1")));
        Assert.Equal(["u-1"], Uuids(store, new EventSearch(Target: "Salesforce", Actor: "00ua")));
        Assert.Empty(Uuids(store, new EventSearch(Target: "7")));
        Assert.Empty(Uuids(store, new EventSearch(Actor: "system")));
        Assert.Equal(6, Uuids(store, new EventSearch()).Count);
    }

    /// <summary>Writes the delivery's rows as the store did before the ids: no event_parties.</summary>
    private static void StoreAsBefore(DbConnection connection, ReceivedDelivery delivery)
    {
        var at = delivery.ReceivedAt.ToUnixTimeMilliseconds();
        var deliveryId = Execute(connection, "INSERT INTO deliveries (hook, received_at, event_count, body) VALUES ('okta', @at, @count, @body) RETURNING id;",
            ("at", at), ("count", delivery.Events.Count), ("body", delivery.Body.ToArray()));
        foreach (var e in delivery.Events)
        {
            Execute(connection, """
                INSERT INTO events (uuid, uuid_derived, hook, event_type, published, published_at, received_at, delivery_id, json_offset, json_length)
                VALUES (@uuid, @derived, 'okta', @type, @published, @publishedAt, @at, @delivery, @offset, @length);
                """,
                ("uuid", e.Key), ("derived", e.KeyIsDerived), ("type", (object?)e.EventType ?? DBNull.Value), ("published", (object?)e.Published ?? DBNull.Value),
                ("publishedAt", (object?)e.PublishedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value), ("at", at), ("delivery", deliveryId!),
                ("offset", e.BodyOffset), ("length", e.Json.Length));
        }
    }

    private static object? Execute(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command.ExecuteScalar();
    }
}

public sealed class SqliteEventPartiesUpgradeContractTests : EventPartiesUpgradeContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private protected override bool ReadsJsonWithNul => true;

    private protected override Task<DbConnection> CreateBeforePartiesAsync()
    {
        var connection = new SqliteDatabase(new DataDirectory(_folder.Path), busyTimeoutSeconds: 5).OpenReadWrite();
        SqliteDatabase.Migrate(connection, upTo: 8);
        return Task.FromResult<DbConnection>(connection);
    }

    private protected override void MigrateToLatest(DbConnection connection) =>
        Assert.Contains(9, SqliteDatabase.Migrate((Microsoft.Data.Sqlite.SqliteConnection)connection));

    private protected override StoreUnderTest Open() => new SqliteStoreUnderTest(_folder.Path);
}

public sealed class PostgresEventPartiesUpgradeContractTests : EventPartiesUpgradeContractTests
{
    private string? _connectionString;

    private protected override bool ReadsJsonWithNul => false;

    private protected override async Task<DbConnection> CreateBeforePartiesAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        _connectionString = await cluster.CreateDatabaseAsync();
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        PostgresDatabase.Migrate(connection, upTo: 5);
        return connection;
    }

    private protected override void MigrateToLatest(DbConnection connection) =>
        Assert.Contains(6, PostgresDatabase.Migrate((NpgsqlConnection)connection));

    private protected override StoreUnderTest Open() => new PostgresStoreUnderTest(_connectionString!);
}

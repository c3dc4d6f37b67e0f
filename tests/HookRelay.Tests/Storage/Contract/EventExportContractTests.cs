using System.Globalization;
using System.Text;
using HookRelay.Storage;
using HookRelay.Storage.Postgres;
using HookRelay.Storage.Sqlite;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>The export read (<see cref="IEventExport"/>) on a real SQLite file and a real PostgreSQL database.</summary>
public abstract class EventExportContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Since = At("2026-08-20T00:00:00.000Z");
    private static readonly DateTimeOffset Until = At("2026-08-21T00:00:00.000Z");

    private protected abstract Task<(StoreUnderTest Store, IEventExport Export)> OpenAsync();

    [Fact]
    public async Task ReadPage_InSmallPages_WalksTheWindowInPublishedThenSeqOrderWithTiesAcrossPages()
    {
        var (store, export) = await OpenAsync();
        await using var _ = store;
        // Stored out of order, with three events at the same millisecond (a tie that spans pages).
        await AppendAsync(store, ("e-late", "user.session.start", "2026-08-20T18:00:00.000Z"), ("e-tie-1", "user.session.start", "2026-08-20T12:00:00.000Z"));
        await AppendAsync(store, ("e-early", "user.session.end", "2026-08-20T01:00:00.000Z"), ("e-tie-2", "group.user_membership.add", "2026-08-20T12:00:00.000Z"));
        await AppendAsync(store, ("e-tie-3", "user.session.start", "2026-08-20T12:00:00.000Z"), ("e-before", "user.session.start", "2026-08-19T23:59:59.999Z"));
        await AppendAsync(store, ("e-at-since", "user.session.start", "2026-08-20T00:00:00.000Z"), ("e-at-until", "user.session.start", "2026-08-21T00:00:00.000Z"));

        var all = ReadAll(export, new ExportQuery(Since, Until, null), pageSize: 2);

        Assert.Equal(["e-at-since", "e-early", "e-tie-1", "e-tie-2", "e-tie-3", "e-late"], all.Select(e => e.Uuid));
        Assert.Equal(6, export.Count(new ExportQuery(Since, Until, null)));
        Assert.Equal(OktaPayloads.Event("e-tie-2", "group.user_membership.add", "2026-08-20T12:00:00.000Z"), Encoding.UTF8.GetString(all[3].Json));
        Assert.Equal(("group.user_membership.add", "2026-08-20T12:00:00.000Z", "okta"), (all[3].EventType, all[3].Published, all[3].Hook));
    }

    [Fact]
    public async Task ReadPage_WithTypeGlob_ReturnsOnlyMatchingTypesAndCountsThem()
    {
        var (store, export) = await OpenAsync();
        await using var _ = store;
        await AppendAsync(store, ("t-1", "user.session.start", "2026-08-20T01:00:00.000Z"), ("t-2", "user.session_end", "2026-08-20T02:00:00.000Z"), ("t-3", "group.user_membership.add", "2026-08-20T03:00:00.000Z"));

        var query = new ExportQuery(Since, Until, "user.session.*");

        Assert.Equal(["t-1"], ReadAll(export, query, pageSize: 1).Select(e => e.Uuid));
        Assert.Equal(1, export.Count(query));
        Assert.Empty(ReadAll(export, new ExportQuery(Since, Until, "user%"), pageSize: 10));
    }

    [Fact]
    public async Task ReadPage_EventWithoutPublishedTime_IsPlacedByItsReceivedTime()
    {
        var (store, export) = await OpenAsync();
        await using var _ = store;
        var now = DateTimeOffset.UtcNow;
        await AppendAsync(store, ("p-hour-ago", "user.session.start", Format(now.AddHours(-1))), ("p-future", "user.session.start", Format(now.AddHours(1))));
        await store.Store.AppendAsync(Parse(OktaPayloads.Envelope(["""{"uuid":"p-none","eventType":"user.session.start"}"""], Guid.NewGuid().ToString())), None);

        var all = ReadAll(export, new ExportQuery(now.AddDays(-1), now.AddDays(1), null), pageSize: 1);

        Assert.Equal(["p-hour-ago", "p-none", "p-future"], all.Select(e => e.Uuid));
        Assert.Null(all[1].Published);
        Assert.Equal(3, export.Count(new ExportQuery(now.AddDays(-1), now.AddDays(1), null)));
    }

    [Fact]
    public async Task ReadPage_ReportsProvenanceOfPushedPulledAndBoth()
    {
        var (store, export) = await OpenAsync();
        await using var _ = store;
        await AppendAsync(store, ("v-push", "a.b", "2026-08-20T01:00:00.000Z"), ("v-both", "a.b", "2026-08-20T02:00:00.000Z"));
        await store.Store.AppendAsync(Delivery(("v-pull", "a.b", "2026-08-20T03:00:00.000Z"), ("v-both", "a.b", "2026-08-20T02:00:00.000Z")) with { Provenance = Provenance.Pull }, None);

        var all = ReadAll(export, new ExportQuery(Since, Until, null), pageSize: 1000);

        Assert.Equal([("v-push", Provenance.Push), ("v-both", Provenance.Push | Provenance.Pull), ("v-pull", Provenance.Pull)], all.Select(e => (e.Uuid, e.Provenance)));
    }

    /// <summary>Pages as the CLI reads them: each starts after the last event of the one before.</summary>
    private static List<ExportedEvent> ReadAll(IEventExport export, ExportQuery query, int pageSize)
    {
        var all = new List<ExportedEvent>();
        var position = ExportPosition.Start;
        while (true)
        {
            var page = export.ReadPage(query, position, pageSize);
            Assert.True(page.Count <= pageSize);
            all.AddRange(page);
            if (page.Count < pageSize)
            {
                return all;
            }

            position = page[^1].Position;
        }
    }

    private static Task<AppendResult> AppendAsync(StoreUnderTest store, params (string Uuid, string Type, string Published)[] events) =>
        store.Store.AppendAsync(Delivery(events), None);

    private static ReceivedDelivery Delivery(params (string Uuid, string Type, string Published)[] events) =>
        Parse(OktaPayloads.Envelope(events.Select(e => OktaPayloads.Event(e.Uuid, e.Type, e.Published)), Guid.NewGuid().ToString()));

    private static ReceivedDelivery Parse(string body) =>
        HookRelay.Receiver.DeliveryParser.Parse("okta", Encoding.UTF8.GetBytes(body), TimeProvider.System.GetUtcNow()).Delivery!;

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

public sealed class SqliteEventExportContractTests : EventExportContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private protected override Task<(StoreUnderTest Store, IEventExport Export)> OpenAsync()
    {
        var store = new SqliteStoreUnderTest(_folder.Path);
        return Task.FromResult<(StoreUnderTest, IEventExport)>((store, new SqliteEventExport(new SqliteDatabase(new DataDirectory(_folder.Path), busyTimeoutSeconds: 5))));
    }
}

public sealed class PostgresEventExportContractTests : EventExportContractTests
{
    private protected override async Task<(StoreUnderTest Store, IEventExport Export)> OpenAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var store = new PostgresStoreUnderTest(await cluster.CreateDatabaseAsync());
        return (store, new PostgresEventExport(store.Database));
    }
}

using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;
using static HookRelay.Tests.Storage.Contract.SearchEvents;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>The admin API's event search and event detail, on a real SQLite file and a real PostgreSQL database.</summary>
public abstract class EventSearchContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private protected abstract Task<StoreUnderTest> OpenAsync();

    [Fact]
    public async Task Search_PagesThroughEveryEventNewestFirst_WithoutGapsOrRepeats()
    {
        await using var store = await OpenAsync();
        // Three events per second: ties on the time are broken by seq, and pages end inside a tie.
        var events = Enumerable.Range(0, 25).Select(i => Event($"p-{i:D2}", published: $"2026-08-20T10:00:{i / 3:D2}.000Z")).ToList();
        await store.Store.AppendAsync(Delivery(events[..13]), None);
        await store.Store.AppendAsync(Delivery(events[13..]), None);
        var expected = store.Events.Search(new EventSearch(Limit: 500)).Items.Select(i => i.Summary.Uuid).ToList();

        var seen = new List<string>();
        EventPosition? after = null;
        var pages = 0;
        do
        {
            var page = store.Events.Search(new EventSearch(Limit: 4, After: after));
            seen.AddRange(page.Items.Select(i => i.Summary.Uuid));
            after = page.Next;
            pages++;
            if (pages == 2)
            {
                // A newer event arriving mid-way belongs before the first page, not in the next one.
                await store.Store.AppendAsync(Delivery([Event("p-new", published: "2026-08-20T11:00:00.000Z")]), None);
            }
        }
        while (after is not null);

        Assert.Equal(25, expected.Count);
        Assert.Equal(expected, seen);
        Assert.Equal(7, pages);
        Assert.Equal("p-24", expected[0]);
        Assert.Equal(["p-23", "p-22", "p-21"], expected.Skip(1).Take(3));
    }

    [Fact]
    public async Task Search_EachFilter_SelectsItsEvents()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Delivery(
            [
                Event("f-1", "user.session.start", "2026-08-20T10:00:00.000Z", Actor("alice@example.com", "00ua"), """[{"id":"0oa1","alternateId":"Salesforce"}]"""),
                Event("f-2", "user.lifecycle.create", "2026-08-20T10:00:01.000Z", Actor("bob@example.com", "00ub"), """[{"id":"00uc","alternateId":"carol@example.com"},{"id":"00g1","alternateId":"Admins"}]"""),
                Event("f-3", "group.user_membership.add", "2026-08-20T10:00:02.000Z", Actor(null, "00ua"), """[{"id":"00g1"}]"""),
                // Awkward shapes must not fail the query: an actor that is a string, a target that is an object.
                Event("f-4", "user.session.start", "2026-08-20T10:00:03.000Z", "\"system\"", """{"id":"00g1"}"""),
            ]), None);
        await store.Store.AppendAsync(Delivery([Event("f-5", "user.session.end", "2026-08-20T10:00:04.000Z", Actor("alice@example.com", "00ua"), "[]")], hook: "other"), None);
        await store.Store.AppendAsync(Delivery([Event("f-6", "user.session.start", "2026-08-20T10:00:05.000Z", Actor("dave@example.com", "00ud"), "null")]) with { Provenance = Provenance.Pull }, None);
        await store.Store.AppendAsync(Delivery([Event("f-1", "user.session.start", "2026-08-20T10:00:00.000Z", Actor("alice@example.com", "00ua"), "[]")]) with { Provenance = Provenance.Pull }, None);

        Assert.Equal(["f-6", "f-5", "f-4", "f-3", "f-2", "f-1"], Uuids(store, new EventSearch()));
        Assert.Equal(["f-6", "f-4", "f-1"], Uuids(store, new EventSearch(TypeGlob: "user.session.st*")));
        Assert.Equal(["f-2"], Uuids(store, new EventSearch(TypeGlob: "user.lifecycle.?reate")));
        Assert.Equal(["f-5"], Uuids(store, new EventSearch(Hook: "other")));
        Assert.Equal(["f-5", "f-4", "f-3", "f-2"], Uuids(store, new EventSearch(Provenance: Provenance.Push)));
        Assert.Equal(["f-6"], Uuids(store, new EventSearch(Provenance: Provenance.Pull)));
        Assert.Equal(["f-1"], Uuids(store, new EventSearch(Provenance: Provenance.Push | Provenance.Pull)));
        Assert.Equal(["f-5", "f-1"], Uuids(store, new EventSearch(Actor: "alice@example.com")));
        Assert.Equal(["f-5", "f-3", "f-1"], Uuids(store, new EventSearch(Actor: "00ua")));
        Assert.Equal(["f-3", "f-2"], Uuids(store, new EventSearch(Target: "00g1")));
        Assert.Equal(["f-2"], Uuids(store, new EventSearch(Target: "carol@example.com")));
        Assert.Equal(["f-3"], Uuids(store, new EventSearch(Target: "00g1", Actor: "00ua")));
        Assert.Empty(Uuids(store, new EventSearch(Actor: "system")));
        var at = DateTimeOffset.Parse("2026-08-20T10:00:01.000Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["f-3", "f-2"], Uuids(store, new EventSearch(Since: at, Until: at.AddSeconds(2))));
    }

    [Fact]
    public async Task Search_ListsProvenanceAndSummary()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Delivery([Event("v-1", "user.session.start", "2026-08-20T10:00:00.000Z")]) with { Provenance = Provenance.Pull }, None);

        var item = Assert.Single(store.Events.Search(new EventSearch()).Items);

        Assert.Equal(Provenance.Pull, item.Provenance);
        Assert.Equal(("v-1", "okta", "user.session.start", "2026-08-20T10:00:00.000Z"), (item.Summary.Uuid, item.Summary.Hook, item.Summary.EventType, item.Summary.Published));
    }

    [Fact]
    public async Task Detail_GivesTheJsonAsSentAndEachSinksDelivery()
    {
        await using var store = await OpenAsync();
        var json = Event("d-1", "user.session.start", "2026-08-20T10:00:00.000Z");
        var delivery = Delivery([json]);
        await store.Store.AppendAsync(delivery with { Events = [.. delivery.Events.Select(e => e with { Sinks = ["siem", "archive"] })] }, None);
        var claimed = Assert.Single(await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None));
        await store.Queue.CompleteAsync([new DispatchCompletion(claimed.Id, DispatchState.Dead, null, "400 from SIEM")], None);

        var detail = store.Events.Detail("d-1");

        Assert.NotNull(detail);
        Assert.Equal(json, detail.Event.Json);
        Assert.Equal(Provenance.Push, detail.Provenance);
        Assert.Equal(["archive", "siem"], detail.Deliveries.Select(d => d.Sink));
        var archive = detail.Deliveries[0];
        Assert.Equal((DispatchState.Pending, 0, null), (archive.State, archive.Attempts, archive.DoneAt));
        var siem = detail.Deliveries[1];
        Assert.Equal((DispatchState.Dead, 1, "400 from SIEM"), (siem.State, siem.Attempts, siem.LastError));
        Assert.NotNull(siem.DoneAt);
        Assert.Null(store.Events.Detail("nope"));
    }
}

public sealed class SqliteEventSearchContractTests : EventSearchContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private protected override Task<StoreUnderTest> OpenAsync() => Task.FromResult<StoreUnderTest>(new SqliteStoreUnderTest(_folder.Path));
}

public sealed class PostgresEventSearchContractTests : EventSearchContractTests
{
    private protected override async Task<StoreUnderTest> OpenAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        return new PostgresStoreUnderTest(await cluster.CreateDatabaseAsync());
    }
}

using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;
using static HookRelay.Tests.Storage.Contract.SearchEvents;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>
/// The event search by actor and by target, answered from the ids stored with each event, on a
/// real SQLite file and a real PostgreSQL database.
/// </summary>
public abstract class EventPartySearchContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private protected abstract Task<StoreUnderTest> OpenAsync();

    [Fact]
    public async Task Search_ByActor_MatchesItsAlternateIdOrIdExactly()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Delivery(
            [
                Event("a-1", published: "2026-08-20T10:00:00.000Z", actor: Actor("alice@example.com", "00ua")),
                Event("a-2", published: "2026-08-20T10:00:01.000Z", actor: Actor("bob@example.com", "00ub"), target: """[{"id":"00ua","alternateId":"alice@example.com"}]"""),
                Event("a-3", published: "2026-08-20T10:00:02.000Z", actor: Actor(null, "00ua")),
                """{"uuid":"a-4","published":"2026-08-20T10:00:03.000Z","eventType":"system.org.rate_limit.warning"}""",
                Event("a-5", published: "2026-08-20T10:00:04.000Z", actor: """{"id":"system","type":"SystemPrincipal","alternateId":"system"}"""),
            ]), None);

        Assert.Equal(["a-3", "a-1"], Uuids(store, new EventSearch(Actor: "00ua")));
        Assert.Equal(["a-1"], Uuids(store, new EventSearch(Actor: "alice@example.com")));
        Assert.Equal(["a-5"], Uuids(store, new EventSearch(Actor: "system")));
        Assert.Equal(["a-2"], Uuids(store, new EventSearch(Target: "alice@example.com")));
        // Exact and case-sensitive, and only the ids: as the search read the JSON before.
        Assert.Empty(Uuids(store, new EventSearch(Actor: "Alice@example.com")));
        Assert.Empty(Uuids(store, new EventSearch(Actor: "alice")));
        Assert.Empty(Uuids(store, new EventSearch(Actor: "User")));
        Assert.Equal(5, Uuids(store, new EventSearch()).Count);
    }

    [Fact]
    public async Task Search_ByTarget_MatchesAnyTargetsAlternateIdOrId()
    {
        await using var store = await OpenAsync();
        const string several = """[{"id":"0oa1","type":"AppInstance","alternateId":"Salesforce"},{"id":"00g1","type":"UserGroup","alternateId":"Admins"},{"id":"00uc","type":"User","alternateId":"carol@example.com"}]""";
        await store.Store.AppendAsync(Delivery(
            [
                Event("t-1", published: "2026-08-20T10:00:00.000Z", actor: Actor("alice@example.com", "00ua"), target: several),
                Event("t-2", published: "2026-08-20T10:00:01.000Z", actor: Actor("bob@example.com", "00ub"), target: """["00g1",{"id":"00g1"}]"""),
                Event("t-3", published: "2026-08-20T10:00:02.000Z", actor: Actor("alice@example.com", "00ua"), target: "[]"),
                // A target list that is not an array names no target.
                Event("t-4", published: "2026-08-20T10:00:03.000Z", actor: Actor("alice@example.com", "00ua"), target: """{"id":"00g1"}"""),
            ]), None);

        Assert.Equal(["t-1"], Uuids(store, new EventSearch(Target: "carol@example.com")));
        Assert.Equal(["t-1"], Uuids(store, new EventSearch(Target: "00uc")));
        Assert.Equal(["t-1"], Uuids(store, new EventSearch(Target: "Salesforce")));
        Assert.Equal(["t-2", "t-1"], Uuids(store, new EventSearch(Target: "00g1")));
        Assert.Equal(["t-1"], Uuids(store, new EventSearch(Target: "00g1", Actor: "alice@example.com")));
        Assert.Equal(["t-2"], Uuids(store, new EventSearch(Target: "00g1", Actor: "00ub")));
        Assert.Empty(Uuids(store, new EventSearch(Target: "00g1", Actor: "nobody")));
        Assert.Empty(Uuids(store, new EventSearch(Target: "AppInstance")));
        Assert.Empty(Uuids(store, new EventSearch(Actor: "00g1")));
    }

    [Fact]
    public async Task Search_ByActorOrTarget_PagesThroughMatchesNewestFirst_WithoutGapsOrRepeats()
    {
        await using var store = await OpenAsync();
        // Three events a second, so pages end inside ties; the even ones are alice's, and every
        // third names the group twice over (by id in one target, by both ids in another).
        var events = Enumerable.Range(0, 30).Select(i => Event(
            $"m-{i:D2}",
            published: $"2026-08-20T10:00:{i / 3:D2}.000Z",
            actor: i % 2 == 0 ? Actor("alice@example.com", "00ua") : Actor("bob@example.com", "00ub"),
            target: i % 3 == 0 ? """[{"id":"00g1"},{"id":"00g1","alternateId":"00g1"},{"id":"0oa1"}]""" : """[{"id":"0oa1"}]""")).ToList();
        await store.Store.AppendAsync(Delivery(events[..17]), None);
        await store.Store.AppendAsync(Delivery(events[17..]), None);
        var everything = Uuids(store, new EventSearch(Limit: 500));
        var at = DateTimeOffset.Parse("2026-08-20T10:00:02.000Z", System.Globalization.CultureInfo.InvariantCulture);

        var searches = new (EventSearch Search, Func<int, bool> Matches)[]
        {
            (new EventSearch(Actor: "alice@example.com", Limit: 4), i => i % 2 == 0),
            (new EventSearch(Target: "00g1", Limit: 4), i => i % 3 == 0),
            (new EventSearch(Actor: "00ua", Target: "00g1", Limit: 4), i => i % 6 == 0),
            (new EventSearch(Target: "0oa1", Since: at, Until: at.AddSeconds(5), Limit: 4), i => i / 3 is >= 2 and < 7),
        };
        foreach (var (search, matches) in searches)
        {
            var expected = everything.Where(uuid => matches(int.Parse(uuid[2..], System.Globalization.CultureInfo.InvariantCulture))).ToList();
            Assert.Equal(expected, PageThrough(store, search));
        }
    }

    [Fact]
    public async Task Search_PulledEvents_AreFoundByActorAndTarget()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Delivery([Event("r-1", published: "2026-08-20T10:00:00.000Z", actor: Actor("dave@example.com", "00ud"), target: """[{"id":"00g2"}]""")]) with { Provenance = Provenance.Pull }, None);
        // Pushed, then read back from the System Log: one event, found once.
        var pushed = Event("r-2", published: "2026-08-20T10:00:01.000Z", actor: Actor("dave@example.com", "00ud"), target: """[{"id":"00g2"}]""");
        await store.Store.AppendAsync(Delivery([pushed]), None);
        await store.Store.AppendAsync(Delivery([pushed]) with { Provenance = Provenance.Pull }, None);

        Assert.Equal(["r-2", "r-1"], Uuids(store, new EventSearch(Actor: "00ud")));
        Assert.Equal(["r-2", "r-1"], Uuids(store, new EventSearch(Target: "00g2")));
        Assert.Equal(["r-1"], Uuids(store, new EventSearch(Actor: "dave@example.com", Provenance: Provenance.Pull)));
        Assert.Equal(["r-2"], Uuids(store, new EventSearch(Target: "00g2", Provenance: Provenance.Push | Provenance.Pull)));
    }

    private static List<string> PageThrough(StoreUnderTest store, EventSearch search)
    {
        var seen = new List<string>();
        EventPosition? after = null;
        do
        {
            var page = store.Events.Search(search with { After = after });
            seen.AddRange(page.Items.Select(i => i.Summary.Uuid));
            after = page.Next;
        }
        while (after is not null);

        return seen;
    }
}

public sealed class SqliteEventPartySearchContractTests : EventPartySearchContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private protected override Task<StoreUnderTest> OpenAsync() => Task.FromResult<StoreUnderTest>(new SqliteStoreUnderTest(_folder.Path));
}

public sealed class PostgresEventPartySearchContractTests : EventPartySearchContractTests
{
    private protected override async Task<StoreUnderTest> OpenAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        return new PostgresStoreUnderTest(await cluster.CreateDatabaseAsync());
    }
}

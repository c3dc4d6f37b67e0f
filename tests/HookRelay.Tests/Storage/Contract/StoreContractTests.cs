using HookRelay.Okta;
using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>
/// What every store must do, whatever the provider. Each test runs once per provider (the
/// subclasses at the end of this file), on a real SQLite file and a real PostgreSQL database.
/// </summary>
public abstract class StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private protected abstract Task<StoreUnderTest> OpenAsync(int maxPerCommit = 256);

    [Fact]
    public async Task Append_ThenOpenAgain_EventsAreThere()
    {
        var uuid = Guid.NewGuid().ToString();
        await using var first = await OpenAsync();
        var result = await first.Store.AppendAsync(Delivery(uuid), None);
        Assert.Equal(new AppendResult(AppendOutcome.Stored, 1, 0), result);

        await using var reopened = first.OpenAnother();
        Assert.True((await reopened.Store.CheckWritableAsync(None)).IsWritable);
        Assert.Contains(uuid, reopened.AllUuids());
    }

    [Fact]
    public async Task Append_SameUuidTwice_StoresOnce()
    {
        await using var store = await OpenAsync();

        var first = await store.Store.AppendAsync(Delivery("u-1", "u-2"), None);
        var second = await store.Store.AppendAsync(Delivery("u-2", "u-3"), None);
        var replay = await store.Store.AppendAsync(Delivery("u-2", "u-3") with { EnvelopeEventId = null }, None);

        Assert.Equal(new AppendResult(AppendOutcome.Stored, 2, 0), first);
        Assert.Equal(new AppendResult(AppendOutcome.Stored, 1, 1), second);
        Assert.Equal(new AppendResult(AppendOutcome.Stored, 0, 2), replay);
        Assert.Equal(["u-1", "u-2", "u-3"], store.AllUuids().Order());
    }

    [Fact]
    public async Task Append_SameEnvelopeTwice_IsDuplicateDelivery()
    {
        await using var store = await OpenAsync();
        var envelope = Guid.NewGuid().ToString();

        await store.Store.AppendAsync(StoreHarness.WithEnvelope(envelope, "a"), None);
        var again = await store.Store.AppendAsync(StoreHarness.WithEnvelope(envelope, "b"), None);

        Assert.Equal(AppendOutcome.Duplicate, again.Outcome);
        Assert.Equal(["a"], store.AllUuids());
    }

    [Fact]
    public async Task Append_ConcurrentDeliveries_ShareCommits()
    {
        await using var store = await OpenAsync();
        await store.Store.CheckWritableAsync(None);
        store.CommitSizes.Clear();

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ =>
            Task.Run(() => store.Store.AppendAsync(Delivery(Guid.NewGuid().ToString()), None))));

        Assert.All(results, r => Assert.Equal(1, r.StoredEvents));
        Assert.Equal(300, store.CommitSizes.Sum());
        Assert.True(store.CommitSizes.Count < 150, $"300 deliveries took {store.CommitSizes.Count} commits");
    }

    [Fact]
    public async Task Append_WithGroupCommitOff_CommitsEachDeliveryAlone()
    {
        await using var store = await OpenAsync(maxPerCommit: 1);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.Store.AppendAsync(Delivery(Guid.NewGuid().ToString()), None)));

        Assert.Equal(20, store.CommitSizes.Count);
        Assert.All(store.CommitSizes, size => Assert.Equal(1, size));
    }

    [Fact]
    public async Task Append_SameEventsFromTwoInstancesAtOnce_EachStoredOnceAndCountedOnce()
    {
        await using var one = await OpenAsync();
        await using var two = one.OpenAnother();
        var uuids = Enumerable.Range(0, 400).Select(i => $"shared-{i:D4}").ToArray();

        // Okta retries a delivery and the load balancer sends it to another instance: both stores
        // see the same events in overlapping, differently ordered deliveries at the same moment.
        var deliveries = Enumerable.Range(0, 100).Select(i => uuids.Skip(i * 4).Take(8).ToArray()).ToList();
        var appends = deliveries.Select(d => Task.Run(() => one.Store.AppendAsync(Delivery(d), None)))
            .Concat(deliveries.Select(d => Task.Run(() => two.Store.AppendAsync(Delivery([.. d.Reverse()]), None))));
        var results = await Task.WhenAll(appends);

        Assert.Equal(uuids, one.AllUuids().Order());
        Assert.Equal(uuids.Length, results.Sum(r => r.StoredEvents));
    }

    [Fact]
    public async Task Append_SameDeliveryToTwoInstancesAtOnce_OneStoresItTheOtherSeesADuplicate()
    {
        await using var one = await OpenAsync();
        await using var two = one.OpenAnother();

        for (var round = 0; round < 20; round++)
        {
            var delivery = StoreHarness.WithEnvelope(Guid.NewGuid().ToString(), $"race-{round}-a", $"race-{round}-b");
            var results = await Task.WhenAll(
                Task.Run(() => one.Store.AppendAsync(delivery, None)),
                Task.Run(() => two.Store.AppendAsync(delivery, None)));

            Assert.Equal(2, results.Sum(r => r.StoredEvents));
            Assert.Single(results, r => r.Outcome == AppendOutcome.Duplicate || r.StoredEvents == 0);
        }

        Assert.Equal(40, one.AllUuids().Count);
    }

    [Fact]
    public async Task Append_PushAndPullOfTheSameEventsOnTwoInstancesAtOnce_AllMarkedBoth()
    {
        await using var one = await OpenAsync();
        await using var two = one.OpenAnother();
        var uuids = Enumerable.Range(0, 200).Select(i => $"both-{i:D3}").ToArray();

        await Task.WhenAll(uuids.Chunk(5).SelectMany(chunk => new[]
        {
            Task.Run(() => one.Store.AppendAsync(Delivery(chunk), None)),
            Task.Run(() => two.Store.AppendAsync(Delivery(chunk) with { Provenance = Provenance.Pull, EnvelopeEventId = null }, None)),
        }));

        Assert.Equal([new ReconcileStatus("okta", PushOnly: 0, PullOnly: 0, Both: 200)], one.Admin.Provenance());
    }

    [Fact]
    public async Task Append_TextNoDatabaseTypeTakesAsIs_IsStoredWithoutFailingTheOthers()
    {
        await using var store = await OpenAsync();
        var odd = Typed(("odd-1", "user.\\u0000nul"), ("odd-2", "user.lone.\\ud83d"));
        var others = Enumerable.Range(0, 50).Select(_ => Delivery(Guid.NewGuid().ToString())).ToList();

        var results = await Task.WhenAll(others.Prepend(odd).Select(d => Task.Run(() => store.Store.AppendAsync(d, None))));

        Assert.All(results, r => Assert.Equal(AppendOutcome.Stored, r.Outcome));
        Assert.Equal(52, store.AllUuids().Count);
        Assert.Contains("\\u0000", store.Events.Find("odd-1")!.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_PulledEventThatWasPushed_IsMarkedBoth()
    {
        await using var store = await OpenAsync();

        await store.Store.AppendAsync(Delivery("pushed", "push-only"), None);
        await store.Store.AppendAsync(Delivery("pushed", "pull-only") with { Provenance = Provenance.Pull, EnvelopeEventId = null }, None);

        Assert.Equal([new ReconcileStatus("okta", PushOnly: 1, PullOnly: 1, Both: 1)], store.Admin.Provenance());
    }

    [Fact]
    public async Task Append_PushAfterReconciliation_IsNoDuplicate_ButAPushRepeatedIs()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Delivery("read-back", "read-back-2") with { Provenance = Provenance.Pull, EnvelopeEventId = null }, None);

        // Okta's push arrives after reconciliation read the same events: one new, two known by pull.
        var late = await store.Store.AppendAsync(Delivery("read-back", "new", "read-back-2"), None);
        Assert.Equal(new AppendResult(AppendOutcome.Stored, StoredEvents: 1, DuplicateEvents: 0), late);

        // Okta pushing them again is a duplicate, as is an event repeated inside one delivery.
        var again = await store.Store.AppendAsync(Delivery("read-back", "new", "another", "another"), None);
        Assert.Equal(new AppendResult(AppendOutcome.Stored, StoredEvents: 1, DuplicateEvents: 3), again);
    }

    [Fact]
    public async Task Append_RoutedEvents_QueueWorkThatIsClaimedDeliveredAndCounted()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(["siem", "archive"], "e-1", "e-2"), None);
        await store.Store.AppendAsync(Routed(["siem", "archive"], "e-2"), None); // a duplicate queues nothing

        var claimed = await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None);
        Assert.Equal(2, claimed.Count);
        Assert.All(claimed, item => Assert.Equal(1, item.Attempts));
        var events = store.Events.ReadForDispatch([.. claimed.Select(c => c.EventSeq)]);
        Assert.Equal(["e-1", "e-2"], events.Select(e => e.Uuid).Order());
        Assert.Equal(OktaPayloads.Event("e-1"), System.Text.Encoding.UTF8.GetString(events.Single(e => e.Uuid == "e-1").Json.Span));

        await store.Queue.CompleteAsync([.. claimed.Select(c => new DispatchCompletion(c.Id, DispatchState.Delivered, null, null))], None);

        var status = store.Admin.Status().ToDictionary(s => s.Sink);
        Assert.Equal((0, 2), (status["siem"].Pending, status["siem"].Delivered));
        Assert.Equal((2, 0), (status["archive"].Pending, status["archive"].Delivered));
        Assert.Empty(await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None));
    }

    [Fact]
    public async Task Complete_FailuresRetryLaterThenDie_DeadLettersAreListedAndReplayed()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(["siem"], "d-1"), None);
        var item = Assert.Single(await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None));

        await store.Queue.CompleteAsync([new DispatchCompletion(item.Id, DispatchState.Pending, DateTimeOffset.UtcNow.AddHours(1), "503 from SIEM")], None);
        Assert.Empty(await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None));
        var failing = Assert.Single(store.Admin.Status());
        Assert.Equal((1L, 1L, "503 from SIEM"), (failing.Pending, failing.Failing, failing.LastError));

        Assert.Equal(new SinkBacklog("siem", 1, 0, 1, 0, "503 from SIEM", null), Assert.Single(store.Admin.Backlog()));

        await store.Queue.CompleteAsync([new DispatchCompletion(item.Id, DispatchState.Dead, null, "400 from SIEM")], None);
        Assert.Equal(new SinkBacklog("siem", 0, 0, 0, 1, "400 from SIEM", null), Assert.Single(store.Admin.Backlog()));
        var dead = Assert.Single(store.Admin.DeadLetters("siem", 10));
        Assert.Equal(("d-1", 2, "400 from SIEM"), (dead.Uuid, dead.Attempts, dead.LastError));

        Assert.Equal(1, store.Admin.Replay(new ReplaySelection("siem", null, null, null, null, DeadLettersOnly: true)));
        Assert.Empty(store.Admin.DeadLetters("siem", 10));
        var again = Assert.Single(await store.Queue.ClaimAsync("siem", 10, TimeSpan.FromMinutes(1), None));
        Assert.Equal((item.Id, 1), (again.Id, again.Attempts));
    }

    [Fact]
    public async Task Replay_ByTypeGlob_QueuesOnlyMatchingEventsForTheSink()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Typed(("r-1", "user.lifecycle.create"), ("r-2", "user.session.start"), ("r-3", "user.lifecycle.delete")), None);

        Assert.Equal(2, store.Admin.Replay(new ReplaySelection("late-sink", null, null, "user.lifecycle.*", null, DeadLettersOnly: false)));

        var claimed = await store.Queue.ClaimAsync("late-sink", 10, TimeSpan.FromMinutes(1), None);
        Assert.Equal(["r-1", "r-3"], store.Events.ReadForDispatch([.. claimed.Select(c => c.EventSeq)]).Select(e => e.Uuid).Order());
    }

    [Fact]
    public async Task Events_ReadPageByPage_GivesEachEventOnceUpToTheCount()
    {
        await using var store = await OpenAsync();
        var uuids = Enumerable.Range(0, 1_200).Select(i => $"p-{i:D4}").ToList();
        foreach (var chunk in uuids.Chunk(300))
        {
            await store.Store.AppendAsync(Typed([.. chunk.Select(u => (u, "user.session.start"))]), None);
        }

        // Three pages of 500 for all; two for 700.
        Assert.Equal(uuids, store.AllUuids().Order(StringComparer.Ordinal));
        var first700 = EventPages.Read(store.Events, new EventSearch(), 700).Select(e => e.Summary.Uuid).ToList();
        Assert.Equal(700, first700.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Events_ListByTypeAndTime_FindKeepsTheJsonAsSent_MissingNamesTheRest()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Typed(("l-1", "user.session.start"), ("l-2", "user.session_end"), ("l-3", "group.user_membership.add")), None);

        Assert.Equal(["l-1", "l-2"], store.Uuids(new EventSearch(TypeGlob: "user.session?*")).Order());
        Assert.Empty(store.Uuids(new EventSearch(TypeGlob: "user.session%")));
        var published = DateTimeOffset.Parse("2026-08-20T14:03:15.208Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, store.Uuids(new EventSearch(published, published.AddMilliseconds(1))).Count);
        Assert.Empty(store.Uuids(new EventSearch(published.AddMilliseconds(1))));

        var found = store.Events.Find("l-3");
        Assert.NotNull(found);
        Assert.Equal(OktaPayloads.Event("l-3", "group.user_membership.add"), found.Json);
        Assert.Equal(("group.user_membership.add", false), (found.Summary.EventType, found.Summary.UuidDerived));
        Assert.Null(store.Events.Find("nope"));
        Assert.Equal(["x", "y"], store.Events.Missing(["l-1", "x", "l-2", "y"]));
    }

    [Fact]
    public async Task Cursors_SavedAndMarkedCaughtUp_ReadBackByEveryReader()
    {
        await using var store = await OpenAsync();
        var next = new Uri("https://example.okta.com/api/v1/logs?after=abc&limit=1000");
        var position = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
        var checkedAt = position.AddMinutes(5);

        await store.State.SaveCursorAsync("acme", next, position, None);
        await store.State.SaveCursorAsync("acme", next, null, None); // no new position keeps the old one
        await store.State.MarkCaughtUpAsync("acme", checkedAt, None);

        Assert.Equal(next, store.State.LoadCursor("acme"));
        Assert.Equal(position, store.State.LoadPosition("acme"));
        Assert.Equal(checkedAt, store.Okta.CheckedUpTo("acme"));
        Assert.Equal("acme", Assert.Single(store.Admin.Cursors()).Org);
        Assert.Null(store.State.LoadCursor("other"));
    }

    [Fact]
    public async Task DeliveryFailuresAndOrgHealth_KeptOnceAndReadBack()
    {
        await using var store = await OpenAsync();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
        var failure = new OktaDeliveryFailure("acme", "f-1", at, "who123", "HookRelay", "timeout");

        await store.State.RecordDeliveryFailuresAsync([failure, failure], None);
        await store.State.SaveOrgHealthAsync("acme", """{"org":"acme","v":1}""", None);
        await store.State.SaveOrgHealthAsync("acme", """{"org":"acme","v":2}""", None);

        Assert.Equal([failure], store.Okta.DeliveryFailures("acme", at.AddMinutes(-1)));
        Assert.Empty(store.Okta.DeliveryFailures("acme", at.AddMinutes(1)));
        Assert.Equal("""{"org":"acme","v":2}""", store.Okta.OrgHealth()["acme"]);
    }

    [Fact]
    public async Task OktaStatus_PullOnlyEventsAfterTheGraceWindow_AreMissed()
    {
        await using var store = await OpenAsync();
        var received = DateTimeOffset.UtcNow;
        var pulled = Typed(("m-1", "user.session.start"), ("m-2", "user.session.start"), ("m-3", "app.user_membership.add")) with
        {
            Provenance = Provenance.Pull,
            ReceivedAt = received,
        };
        await store.Store.AppendAsync(pulled, None);
        await store.Store.AppendAsync(Delivery("m-3"), None); // pushed late: not missed any more
        var grace = TimeSpan.FromMinutes(5);

        Assert.Equal([new MissedCount("user.session.start", 2)], store.Okta.MissedBetween(["okta"], grace, received.AddSeconds(-1), received.AddSeconds(1)));
        Assert.Empty(store.Okta.MissedBetween(["other"], grace, received.AddSeconds(-1), received.AddSeconds(1)));
        Assert.Equal(3, store.Okta.EventsSince(["okta"], DateTimeOffset.Parse("2026-08-20T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        var report = store.Okta.Report("acme", ["okta"], grace, received.AddSeconds(1));
        Assert.Equal(2, report.Missed);
    }

    [Fact]
    public async Task OktaStatus_MissedLastDay_CountsTheEventsTheReportListsByHour()
    {
        await using var store = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        string Ago(TimeSpan age) => (now - age).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var body = System.Text.Encoding.UTF8.GetBytes(OktaPayloads.Envelope(
        [
            OktaPayloads.Event("d-1", "user.session.start", Ago(TimeSpan.FromHours(1))),
            OktaPayloads.Event("d-2", "user.session.start", Ago(TimeSpan.FromHours(23))),
            OktaPayloads.Event("d-old", "user.session.start", Ago(TimeSpan.FromHours(30))), // missed, but not published in the last 24 h
            OktaPayloads.Event("d-new", "user.session.start", Ago(TimeSpan.FromMinutes(1))), // still inside the grace window
            OktaPayloads.Event("d-pushed", "user.session.start", Ago(TimeSpan.FromHours(2))),
        ], Guid.NewGuid().ToString()));
        var pulled = HookRelay.Receiver.DeliveryParser.Parse("okta", body, now).Delivery! with { Provenance = Provenance.Pull, ReceivedAt = now.AddMinutes(-1) };
        await store.Store.AppendAsync(pulled, None);
        await store.Store.AppendAsync(Delivery("d-pushed"), None); // pushed after all: not missed
        var grace = TimeSpan.FromMinutes(5);

        var report = store.Okta.Report("acme", ["okta"], grace, now);

        Assert.Equal(2, store.Okta.MissedLastDay(["okta"], grace, now));
        Assert.Equal(2, report.MissedByHour.Sum(h => h.Count));
        Assert.Equal(3, report.Missed);
        Assert.Equal(1, report.AwaitingPush);
        Assert.Equal(0, store.Okta.MissedLastDay(["other"], grace, now));
    }

    [Fact]
    public async Task OktaStatus_ReportReadAgain_FollowsLatePushesNewPullsAndTime()
    {
        await using var store = await OpenAsync();
        var received = DateTimeOffset.UtcNow;
        var grace = TimeSpan.FromMinutes(5);
        await store.Store.AppendAsync(Typed(("r-1", "user.session.start"), ("r-2", "user.session.start")) with { Provenance = Provenance.Pull, ReceivedAt = received }, None);
        var later = received.AddMinutes(10);
        Assert.Equal(2, store.Okta.Report("acme", ["okta"], grace, later).Missed);

        // The same reader, asked again: a late push, a new pull (still inside its grace window, added to
        // the rows the reader kept), then time passing.
        await store.Store.AppendAsync(Delivery("r-1"), None);
        Assert.Equal(1, store.Okta.Report("acme", ["okta"], grace, later).Missed);
        // An event published long ago is missed from the moment it is stored: stored a minute on, it waits until then.
        var stored = DateTimeOffset.UtcNow.AddMinutes(1);
        await store.Store.AppendAsync(Typed(("r-3", "app.user_membership.add")) with { Provenance = Provenance.Pull, ReceivedAt = stored }, None);
        var report = store.Okta.Report("acme", ["okta"], grace, stored.AddSeconds(-1));
        Assert.Equal((1L, 1L), (report.Missed, report.AwaitingPush));
        report = store.Okta.Report("acme", ["okta"], grace, stored);
        Assert.Equal((2L, 0L), (report.Missed, report.AwaitingPush));
        Assert.Equal([new MissedCount("app.user_membership.add", 1), new MissedCount("user.session.start", 1)], report.MissedByType);
    }

    [Fact]
    public async Task OktaStatus_ReportReadAgain_SeesRowsCommittedBelowTheHighestSeqAndChangesThatKeepTheCount()
    {
        await using var store = await OpenAsync();
        var received = DateTimeOffset.UtcNow;
        var grace = TimeSpan.FromMinutes(5);
        var later = received.AddMinutes(10);
        Task Pull(params (string Uuid, string Type)[] events) =>
            store.Store.AppendAsync(Typed(events) with { Provenance = Provenance.Pull, ReceivedAt = received }, None);
        IReadOnlyList<MissedCount> MissedByType() => store.Okta.Report("acme", ["okta"], grace, later).MissedByType;

        await Pull(("b-1", "user.session.start"), ("b-gap", "user.session.start"), ("b-2", "user.session.start"));
        await store.Store.AppendAsync(Delivery("b-gap"), None); // pushed late: its seq is a gap among the pulled ones
        Assert.Equal([new MissedCount("user.session.start", 2)], MissedByType());

        // Another instance's pull, committed after the reader last looked, with a seq below the highest
        // it saw; and a late push of another pulled event. Count and highest seq are as before.
        await Pull(("b-3", "app.user_membership.add"));
        await store.RenumberAsync("b-3", -1);
        await store.Store.AppendAsync(Delivery("b-1"), None);
        Assert.Equal([new MissedCount("app.user_membership.add", 1), new MissedCount("user.session.start", 1)], MissedByType());

        // Two new pulls above the highest seq while a pulled event is pushed late: the count grew by
        // one, not by the two rows above the seq the reader had.
        await Pull(("b-4", "group.user_membership.add"), ("b-5", "group.user_membership.add"));
        await store.Store.AppendAsync(Delivery("b-3"), None);
        Assert.Equal([new MissedCount("group.user_membership.add", 2), new MissedCount("user.session.start", 1)], MissedByType());

        // Only new pulls: added to what the reader kept.
        await Pull(("b-6", "user.session.start"));
        Assert.Equal([new MissedCount("group.user_membership.add", 2), new MissedCount("user.session.start", 2)], MissedByType());
    }

    [Fact]
    public async Task OktaBackfill_OneRunsPerOrg_UntilItEndsOrItsLeasePasses()
    {
        await using var store = await OpenAsync();
        var soon = DateTimeOffset.UtcNow.AddMinutes(2);
        StoredBackfill Running(string job, DateTimeOffset lease) => new(job, $$"""{"job":"{{job}}"}""", lease);
        Assert.Equal("a", (await store.State.ClaimBackfillAsync("acme", Running("a", soon), None)).Job);
        Assert.Null(store.Okta.Backfill("other"));
        Assert.Equal("a", (await store.State.ClaimBackfillAsync("acme", Running("b", soon), None)).Job); // a runs
        Assert.Equal("c", (await store.State.ClaimBackfillAsync("other", Running("c", soon), None)).Job); // another org
        Assert.False(await store.State.SaveBackfillAsync("acme", Running("b", soon), None));
        Assert.True(await store.State.SaveBackfillAsync("acme", new StoredBackfill("a", """{"done":1}""", null), None));
        Assert.Equal(new StoredBackfill("a", """{"done":1}""", null), store.Okta.Backfill("acme"));

        Assert.Equal("d", (await store.State.ClaimBackfillAsync("acme", Running("d", DateTimeOffset.UtcNow.AddSeconds(-1)), None)).Job); // a ended
        Assert.Equal("e", (await store.State.ClaimBackfillAsync("acme", Running("e", soon), None)).Job); // d's lease passed
        Assert.False(await store.State.SaveBackfillAsync("acme", Running("d", soon), None)); // d may not write over e
        var kept = store.Okta.Backfill("acme")!;
        Assert.Equal(("e", soon.ToUnixTimeMilliseconds()), (kept.Job, kept.LeaseUntil!.Value.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public async Task OktaBackfill_ClaimedByTwoInstancesAtOnce_GoesToOne_AndBothSayWhich()
    {
        await using var first = await OpenAsync();
        await using var second = first.OpenAnother();
        var lease = DateTimeOffset.UtcNow.AddMinutes(2);
        for (var i = 0; i < 20; i++)
        {
            var org = $"race-{i}";
            var claims = await Task.WhenAll(
                first.State.ClaimBackfillAsync(org, new StoredBackfill("first", "{}", lease), None),
                second.State.ClaimBackfillAsync(org, new StoredBackfill("second", "{}", lease), None));

            Assert.Equal(claims[0].Job, claims[1].Job);
            Assert.Equal(claims[0].Job, first.Okta.Backfill(org)!.Job);
        }
    }

    [Fact]
    public async Task SinkPause_IsShownUntilCleared()
    {
        await using var store = await OpenAsync();
        await store.Store.AppendAsync(Routed(["siem"], "p-1"), None);
        var until = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());

        await store.Queue.SetPausedAsync("siem", until, "circuit open", None);
        Assert.Equal(until, Assert.Single(store.Admin.Status()).PausedUntil);
        Assert.Equal(new SinkBacklog("siem", 1, 0, 0, 0, null, until), Assert.Single(store.Admin.Backlog()));

        await store.Queue.SetPausedAsync("siem", null, null, None);
        Assert.Null(Assert.Single(store.Admin.Status()).PausedUntil);
    }

    private static ReceivedDelivery Delivery(params string[] uuids) => StoreHarness.WithEvents(uuids);

    private static ReceivedDelivery Routed(string[] sinks, params string[] uuids)
    {
        var delivery = StoreHarness.WithEvents(uuids);
        return delivery with { Events = [.. delivery.Events.Select(e => e with { Sinks = sinks })] };
    }

    private static ReceivedDelivery Typed(params (string Uuid, string Type)[] events)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(OktaPayloads.Envelope(events.Select(e => OktaPayloads.Event(e.Uuid, e.Type)), Guid.NewGuid().ToString()));
        return HookRelay.Receiver.DeliveryParser.Parse("okta", body, TimeProvider.System.GetUtcNow()).Delivery!;
    }
}

public sealed class SqliteStoreContractTests : StoreContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private protected override Task<StoreUnderTest> OpenAsync(int maxPerCommit = 256) =>
        Task.FromResult<StoreUnderTest>(new SqliteStoreUnderTest(_folder.Path, maxPerCommit));
}

public sealed class PostgresStoreContractTests : StoreContractTests
{
    private protected override async Task<StoreUnderTest> OpenAsync(int maxPerCommit = 256)
    {
        var cluster = await PostgresCluster.SharedAsync();
        return new PostgresStoreUnderTest(await cluster.CreateDatabaseAsync(), maxPerCommit);
    }
}

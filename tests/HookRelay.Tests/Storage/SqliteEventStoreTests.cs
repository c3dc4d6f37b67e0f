using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace HookRelay.Tests.Storage;

public sealed class SqliteEventStoreTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Append_ThenReopenFile_EventsAreThere()
    {
        var uuid = Guid.NewGuid().ToString();
        await using (var harness = new StoreHarness(_folder.Path))
        {
            var result = await harness.Store.AppendAsync(StoreHarness.WithEvents(uuid), CancellationToken.None);
            Assert.Equal(new AppendResult(AppendOutcome.Stored, 1, 0), result);
        }

        await using var reopened = new StoreHarness(_folder.Path);
        Assert.True((await reopened.Store.CheckWritableAsync(CancellationToken.None)).IsWritable);
        Assert.Contains(uuid, StoreQueries.AllUuids(reopened.DatabasePath));
    }

    [Fact]
    public async Task Append_SameUuidTwice_StoresOnce()
    {
        await using var harness = new StoreHarness(_folder.Path);

        var first = await harness.Store.AppendAsync(StoreHarness.WithEvents("u-1", "u-2"), CancellationToken.None);
        var second = await harness.Store.AppendAsync(StoreHarness.WithEvents("u-2", "u-3"), CancellationToken.None);
        var replay = await harness.Store.AppendAsync(StoreHarness.WithEvents("u-2", "u-3") with { EnvelopeEventId = null }, CancellationToken.None);

        Assert.Equal(new AppendResult(AppendOutcome.Stored, 2, 0), first);
        Assert.Equal(new AppendResult(AppendOutcome.Stored, 1, 1), second);
        Assert.Equal(new AppendResult(AppendOutcome.Stored, 0, 2), replay);
        Assert.Equal(3, StoreQueries.EventCount(harness.DatabasePath));
    }

    [Fact]
    public async Task Append_SameEnvelopeTwice_IsDuplicateDelivery()
    {
        await using var harness = new StoreHarness(_folder.Path);
        var envelope = Guid.NewGuid().ToString();

        await harness.Store.AppendAsync(StoreHarness.WithEnvelope(envelope, "a"), CancellationToken.None);
        var again = await harness.Store.AppendAsync(StoreHarness.WithEnvelope(envelope, "b"), CancellationToken.None);

        Assert.Equal(AppendOutcome.Duplicate, again.Outcome);
        Assert.Equal(1, StoreQueries.EventCount(harness.DatabasePath));
    }

    [Fact]
    public async Task Append_ConcurrentDeliveries_ShareCommits()
    {
        await using var harness = new StoreHarness(_folder.Path);
        await harness.Store.CheckWritableAsync(CancellationToken.None);
        harness.CommitSizes.Clear();

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ =>
            Task.Run(() => harness.Store.AppendAsync(StoreHarness.WithEvents(Guid.NewGuid().ToString()), CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(1, r.StoredEvents));
        Assert.Equal(300, harness.CommitSizes.Sum());
        Assert.True(harness.CommitSizes.Count < 150, $"300 deliveries took {harness.CommitSizes.Count} commits");
        Assert.True(harness.CommitSizes.Max() > 1);
    }

    [Fact]
    public async Task Append_WithGroupCommitOff_CommitsEachDeliveryAlone()
    {
        await using var harness = new StoreHarness(_folder.Path, maxPerCommit: 1);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => harness.Store.AppendAsync(StoreHarness.WithEvents(Guid.NewGuid().ToString()), CancellationToken.None)));

        Assert.Equal(20, harness.CommitSizes.Count);
        Assert.All(harness.CommitSizes, size => Assert.Equal(1, size));
    }

    [Fact]
    public async Task Append_WhileAnotherConnectionHoldsTheWriteLock_ThrowsStoreUnavailableThenRecovers()
    {
        await using var harness = new StoreHarness(_folder.Path, busyTimeoutSeconds: 1);
        await harness.Store.CheckWritableAsync(CancellationToken.None);
        var locked = Guid.NewGuid().ToString();
        using (var blocker = new SqliteConnection($"Data Source={harness.DatabasePath};Pooling=False"))
        {
            blocker.Open();
            using var begin = blocker.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();

            await Assert.ThrowsAsync<StoreUnavailableException>(() => harness.Store.AppendAsync(StoreHarness.WithEvents(locked), CancellationToken.None));
            Assert.False((await harness.Store.CheckWritableAsync(CancellationToken.None)).IsWritable);
        }

        var after = Guid.NewGuid().ToString();
        var result = await harness.Store.AppendAsync(StoreHarness.WithEvents(after), CancellationToken.None);

        Assert.Equal(1, result.StoredEvents);
        var stored = StoreQueries.AllUuids(harness.DatabasePath);
        Assert.Contains(after, stored);
        Assert.DoesNotContain(locked, stored);
    }

    [Fact]
    public async Task Dispose_WithWritesQueued_CommitsThemBeforeClosing()
    {
        var harness = new StoreHarness(_folder.Path);
        var uuids = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid().ToString()).ToList();
        var pending = uuids.Select(u => harness.Store.AppendAsync(StoreHarness.WithEvents(u), CancellationToken.None)).ToList();

        await harness.DisposeAsync();

        Assert.All(pending, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Superset(uuids.ToHashSet(), StoreQueries.AllUuids(harness.DatabasePath));
        Assert.False(File.Exists(harness.DatabasePath + "-wal") && new FileInfo(harness.DatabasePath + "-wal").Length > 0, "the WAL should be checkpointed on close");
    }

    [Fact]
    public async Task CheckWritable_ManyConcurrentProbes_ShareOneCommit()
    {
        await using var harness = new StoreHarness(_folder.Path);

        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => harness.Store.CheckWritableAsync(CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.IsWritable));
        Assert.True(harness.CommitSizes.Sum() <= 2, $"500 readiness probes cost {harness.CommitSizes.Sum()} queued writes");
    }

    [Fact]
    public async Task Append_AfterDispose_ThrowsStoreUnavailable()
    {
        var harness = new StoreHarness(_folder.Path);
        await harness.DisposeAsync();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => harness.Store.AppendAsync(StoreHarness.WithEvents("late"), CancellationToken.None));
    }
}

using HookRelay.Storage.Postgres;
using HookRelay.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookRelay.Tests.Scaling;

/// <summary>Singleton work on PostgreSQL: one holder at a time, handed over when the holder goes, dropped when the database goes.</summary>
public sealed class SingletonLocksTests
{
    private static readonly TimeSpan Handover = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task OneHolderAtATime_TheLockMovesWhenItsHolderStops()
    {
        var connectionString = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync();
        await using var firstDatabase = new PostgresDatabase(connectionString);
        await using var secondDatabase = new PostgresDatabase(connectionString);
        var first = Locks(firstDatabase);
        await using var second = Locks(secondDatabase);

        await first.AcquireAsync("okta:acme", CancellationToken.None).WaitAsync(Handover);
        var waiting = second.AcquireAsync("okta:acme", CancellationToken.None);
        await Task.Delay(PostgresSingletonLocks.RetryInterval * 2);
        Assert.False(waiting.IsCompleted, "a second instance got the lock while the first held it");
        Assert.True(first.Holds("okta:acme"));
        Assert.False(second.Holds("okta:acme"));

        // Another name is free for the second instance at the same time.
        await second.AcquireAsync("retention", CancellationToken.None).WaitAsync(Handover);

        await first.DisposeAsync();
        var held = await waiting.WaitAsync(Handover);
        Assert.False(held.IsCancellationRequested);
        Assert.True(second.Holds("okta:acme"));
    }

    [Fact]
    public async Task DatabaseGone_TheHeldLockIsCancelled_AndTakenAgainWhenItIsBack()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await using var database = new PostgresDatabase(await cluster.CreateDatabaseAsync());
        await using var locks = Locks(database);
        var held = await locks.AcquireAsync("okta:acme", CancellationToken.None).WaitAsync(Handover);

        await cluster.StopAsync();
        await Eventually.TrueAsync(() => held.IsCancellationRequested, "the work told to stop when the lock's connection is gone", Handover);
        Assert.False(locks.Holds("okta:acme"));

        await cluster.RestartAsync();
        var again = await locks.AcquireAsync("okta:acme", CancellationToken.None).WaitAsync(Handover);
        Assert.False(again.IsCancellationRequested);
    }

    private static PostgresSingletonLocks Locks(PostgresDatabase database) =>
        new(database, TimeProvider.System, NullLogger<PostgresSingletonLocks>.Instance);
}

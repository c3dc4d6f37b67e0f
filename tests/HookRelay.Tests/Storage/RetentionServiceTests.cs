using System.Collections.Concurrent;
using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HookRelay.Tests.Storage;

/// <summary>When <see cref="RetentionService"/> runs: only under its lock, batch after batch, and never with Retention 0.</summary>
public sealed class RetentionServiceTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-08-20T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Service_OnceItHoldsTheLock_DeletesBatchesUntilOneIsNotFull()
    {
        var store = new ScriptedStore(new RetentionBatch(RetentionService.BatchSize, 10, 1), new RetentionBatch(7, RetentionService.BatchSize, 0), new RetentionBatch(3, 0, 0));
        var locks = new HandedLocks();
        using var service = Service(store, locks, TimeSpan.FromDays(30));

        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => locks.Requests.Count == 1, "the service asks for the lock");
        await Task.Delay(200);
        Assert.Empty(store.Calls);

        locks.Grant(CancellationToken.None);
        await Eventually.TrueAsync(() => store.Calls.Count == 3, "three batches");
        await Task.Delay(200);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal([RetentionService.LockName], locks.Requests);
        Assert.Equal(3, store.Calls.Count);
        Assert.All(store.Calls, c => Assert.Equal((Start - TimeSpan.FromDays(30), RetentionService.BatchSize), c));
    }

    [Fact]
    public async Task Service_WhenTheLockIsLost_StopsDeletingAndAsksAgain()
    {
        var store = new ScriptedStore { Endless = new RetentionBatch(RetentionService.BatchSize, 0, 0) };
        var locks = new HandedLocks();
        using var service = Service(store, locks, TimeSpan.FromDays(90));
        using var lost = new CancellationTokenSource();

        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => locks.Requests.Count == 1, "the service asks for the lock");
        locks.Grant(lost.Token);
        await Eventually.TrueAsync(() => store.Calls.Count >= 2, "batches while the lock is held");
        await lost.CancelAsync();
        await Eventually.TrueAsync(() => locks.Requests.Count == 2, "the service asks for the lock again");
        var calls = store.Calls.Count;
        await Task.Delay(300);

        Assert.Equal(calls, store.Calls.Count);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Service_WithRetentionZero_NeverAsksForTheLockNorDeletes()
    {
        var store = new ScriptedStore();
        var locks = new HandedLocks();
        using var service = Service(store, locks, TimeSpan.Zero);
        locks.Grant(CancellationToken.None);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        await service.StopAsync(CancellationToken.None);

        Assert.Empty(locks.Requests);
        Assert.Empty(store.Calls);
    }

    [Theory]
    [InlineData("12:00:00", false)]
    [InlineData("3651.00:00:00", false)]
    [InlineData("-1.00:00:00", false)]
    [InlineData("00:00:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("30", true)]
    public void AddStorage_Retention_IsZeroOrBetweenOneDayAndTenYears(string retention, bool valid)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Retention"] = retention }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddSingleton(TimeProvider.System);
        services.AddStorage(configuration);
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<StorageOptions>>().Value;

        if (valid)
        {
            Assert.Equal(TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture), read().Retention);
        }
        else
        {
            var error = Assert.Throws<OptionsValidationException>(read);
            Assert.Contains("Storage:Retention must be between", error.Message, StringComparison.Ordinal);
        }
    }

    private static RetentionService Service(IRetentionStore store, ISingletonLocks locks, TimeSpan retention) => new(
        Options.Create(new StorageOptions { Retention = retention }),
        store,
        locks,
        new ManualTimeProvider(Start),
        NullLogger<RetentionService>.Instance)
    {
        FirstRunDelay = TimeSpan.Zero,
        BatchPause = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>Returns the given batches in order, then <see cref="Endless"/>; records each call.</summary>
    private sealed class ScriptedStore(params RetentionBatch[] batches) : IRetentionStore
    {
        private readonly ConcurrentQueue<RetentionBatch> _batches = new(batches);

        public RetentionBatch Endless { get; init; }

        public ConcurrentQueue<(DateTimeOffset Cutoff, int Max)> Calls { get; } = new();

        public RetentionBatch DeleteHandled(DateTimeOffset cutoff, int max)
        {
            Calls.Enqueue((cutoff, max));
            return _batches.TryDequeue(out var batch) ? batch : Endless;
        }
    }

    /// <summary>Locks the test hands over: each request waits until <see cref="Grant"/>.</summary>
    private sealed class HandedLocks : ISingletonLocks
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource<CancellationToken> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> Requests { get; } = new();

        public Task<CancellationToken> AcquireAsync(string name, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Requests.Enqueue(name);
                if (_next.Task.IsCompleted)
                {
                    // A grant serves one request: this one waits for the next grant.
                    _next = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return _next.Task.WaitAsync(cancellationToken);
            }
        }

        public bool Holds(string name) => true;

        public void Grant(CancellationToken held)
        {
            lock (_gate)
            {
                _next.TrySetResult(held);
            }
        }
    }
}

using HookRelay.Pipeline;

namespace HookRelay.Tests.Pipeline;

/// <summary>New work wakes the sink workers at once; the sweep interval is only the safety net.</summary>
public sealed class DispatchSignalTests
{
    [Fact]
    public async Task WaitAsync_WhenNotified_ReturnsBeforeTheSweepInterval()
    {
        var signal = new DispatchSignal();
        await signal.WaitAsync("siem", TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None); // registers the sink

        var waiting = signal.WaitAsync("siem", TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
        signal.Notify();

        // Without the notification this would wait the full 30 s sweep and time out here.
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_WithoutNotification_ReturnsAtTheSweep()
    {
        var signal = new DispatchSignal();

        var waiting = signal.WaitAsync("siem", TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None);

        Assert.Same(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.True(waiting.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Notify_BeforeTheWorkerWaits_IsNotLost()
    {
        var signal = new DispatchSignal();
        await signal.WaitAsync("siem", TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None);

        signal.Notify();
        var waiting = signal.WaitAsync("siem", TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);

        Assert.Same(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(10))));
    }
}

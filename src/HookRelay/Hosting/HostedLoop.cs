namespace HookRelay.Hosting;

/// <summary>
/// A background service that never reports "cancelled" to the host. In .NET 10 a
/// <see cref="BackgroundService"/> starts <c>ExecuteAsync</c> with <c>Task.Run(…, stoppingToken)</c>;
/// when the start fails (a port in use) the host cancels that token, a not-yet-started service's
/// task ends cancelled, and the host logs it as a crash with a stack trace — on top of the one
/// clear message the operator needs. A cancelled run is a stop, not a fault.
/// </summary>
internal abstract class HostedLoop : BackgroundService
{
    private Task? _observed;

    public override Task? ExecuteTask =>
        base.ExecuteTask is not { } running ? null : _observed ??= running.ContinueWith(
            static task =>
            {
                if (task.IsFaulted)
                {
                    task.GetAwaiter().GetResult();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}

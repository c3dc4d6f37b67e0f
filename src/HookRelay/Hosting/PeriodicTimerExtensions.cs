namespace HookRelay.Hosting;

internal static class PeriodicTimerExtensions
{
    /// <summary>Waits for the next tick; false when the server is stopping (instead of throwing).</summary>
    public static async Task<bool> TickAsync(this PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

using System.Diagnostics;

namespace HookRelay.Tests.Infrastructure;

/// <summary>Waits for something the server does in the background (dispatch, reloads), with a bound.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"not within {limit.TotalSeconds:0} s: {what}");
            await Task.Delay(100);
        }
    }
}

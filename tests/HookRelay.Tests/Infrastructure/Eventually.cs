using System.Diagnostics;

namespace HookRelay.Tests.Infrastructure;

/// <summary>Waits for something the server does in the background (dispatch, reloads), with a bound.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        await TrueAsync(() => Task.FromResult(condition()), what, timeout);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        await PollAsync(async () => (await condition(), true), what, timeout);

    /// <summary>Polls until <paramref name="probe"/> returns a value, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : struct =>
        await PollAsync(async () => await probe() is { } value ? (true, value) : (false, default), what, timeout);

    /// <summary>Polls until <paramref name="probe"/> returns a value, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class =>
        await PollAsync(async () => await probe() is { } value ? (true, value) : (false, null!), what, timeout);

    private static async Task<T> PollAsync<T>(Func<Task<(bool Found, T Value)>> probe, string what, TimeSpan? timeout)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (found, value) = await probe();
            if (found)
            {
                return value;
            }

            Assert.True(clock.Elapsed < limit, $"not within {limit.TotalSeconds:0} s: {what}");
            await Task.Delay(100);
        }
    }
}

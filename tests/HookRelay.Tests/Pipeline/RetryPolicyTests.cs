using HookRelay.Pipeline;
using HookRelay.Sinks;
using HookRelay.Storage;

namespace HookRelay.Tests.Pipeline;

public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly SinkOptions Options = new() { MaxAttempts = 5, MaxAge = TimeSpan.FromHours(1) };

    [Theory]
    [InlineData(1, 0.75, 1.25)]
    [InlineData(2, 1.5, 2.5)]
    [InlineData(4, 6, 10)]
    [InlineData(30, 225, 375)]
    public void Delay_GrowsExponentiallyWithJitterUpToFiveMinutes(int attempts, double minSeconds, double maxSeconds)
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var delay = RetryPolicy.Delay(attempts, null, random).TotalSeconds;
            Assert.InRange(delay, minSeconds, maxSeconds);
        }
    }

    [Fact]
    public void Decide_RetryAfterFromSink_SetsNextAttempt()
    {
        var completion = RetryPolicy.Decide(Item(attempts: 1), SinkResult.Retry("429", TimeSpan.FromSeconds(42)), Options, Now, new Random(1));

        Assert.Equal(DispatchState.Pending, completion.State);
        Assert.Equal(Now.AddSeconds(42), completion.NextAttemptAt);
        Assert.Equal("429", completion.Error);
    }

    [Fact]
    public void Decide_Reject_IsDeadAtOnce()
    {
        var completion = RetryPolicy.Decide(Item(attempts: 1), SinkResult.Reject("HTTP 400"), Options, Now, new Random(1));

        Assert.Equal(DispatchState.Dead, completion.State);
        Assert.Equal("HTTP 400", completion.Error);
    }

    [Fact]
    public void Decide_RetryAtMaxAttempts_IsDead()
    {
        var completion = RetryPolicy.Decide(Item(attempts: 5), SinkResult.Retry("HTTP 503"), Options, Now, new Random(1));

        Assert.Equal(DispatchState.Dead, completion.State);
        Assert.Contains("after 5 attempts: HTTP 503", completion.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RetryPastMaxAge_IsDead()
    {
        var completion = RetryPolicy.Decide(Item(attempts: 1, age: TimeSpan.FromHours(2)), SinkResult.Retry("timeout"), Options, Now, new Random(1));

        Assert.Equal(DispatchState.Dead, completion.State);
        Assert.Contains("MaxAge", completion.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_Delivered_IsDelivered() =>
        Assert.Equal(DispatchState.Delivered, RetryPolicy.Decide(Item(attempts: 3), SinkResult.Delivered, Options, Now, new Random(1)).State);

    private static DispatchItem Item(int attempts, TimeSpan? age = null) => new(1, 10, attempts, Now - (age ?? TimeSpan.FromMinutes(1)));
}

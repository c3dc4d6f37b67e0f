using HookRelay.Operations;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Operations;

public sealed class RecentDeliveriesTests
{
    [Fact]
    public void Summary_GivesTheP99EventsAndDuplicatesOfTheWindowOnly()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-26T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var recent = new RecentDeliveries(clock);
        recent.Answered(TimeSpan.FromSeconds(2));
        recent.Received(50, 7);
        clock.Advance(TimeSpan.FromMinutes(10));

        for (var ms = 1; ms <= 100; ms++)
        {
            recent.Answered(TimeSpan.FromMilliseconds(ms));
        }

        recent.Received(20, 3);
        recent.Received(10, 0);

        Assert.Equal(new RecentSummary(100, TimeSpan.FromMilliseconds(99), 30, 3), recent.Summarize(TimeSpan.FromMinutes(5)));
        Assert.Equal(new RecentSummary(101, TimeSpan.FromMilliseconds(100), 80, 10), recent.Summarize(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Summary_WithNothingAnswered_HasNoP99()
    {
        var recent = new RecentDeliveries(TimeProvider.System);

        Assert.Equal(new RecentSummary(0, null, 0, 0), recent.Summarize(TimeSpan.FromMinutes(5)));
    }
}

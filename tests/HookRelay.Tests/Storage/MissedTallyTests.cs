using HookRelay.Okta;
using HookRelay.Storage;

namespace HookRelay.Tests.Storage;

/// <summary>Reconciliation's counts from one pass over an org's pulled events.</summary>
public sealed class MissedTallyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    [Fact]
    public void PulledEvents_PastTheGraceWindow_AreMissed_ByTypeAndHour_WithHowSoonTheyCameBack()
    {
        var tally = new MissedTally(Grace, Now);
        Pulled(tally, Now.AddHours(-2), after: TimeSpan.FromSeconds(4), "user.session.start");
        Pulled(tally, Now.AddHours(-2).AddMinutes(10), after: TimeSpan.FromSeconds(8), "user.session.start");
        Pulled(tally, Now.AddHours(-1), after: TimeSpan.FromSeconds(6), "group.user_membership.add");
        Pulled(tally, Now.AddHours(-30), after: TimeSpan.FromSeconds(2), "group.user_membership.add"); // missed, a day and more ago
        Pulled(tally, Now.AddMinutes(-1), after: TimeSpan.FromSeconds(5), "user.session.start"); // inside the grace window
        tally.Add(new PulledEvent(null, Now.AddMinutes(-10).ToUnixTimeMilliseconds(), null)); // no published time, no type

        var report = tally.Report("acme", null, null, null, 0);

        Assert.Equal(5, report.Missed);
        Assert.Equal(1, report.AwaitingPush);
        Assert.Equal([new MissedCount("group.user_membership.add", 2), new MissedCount("user.session.start", 2), new MissedCount("(none)", 1)], report.MissedByType);
        Assert.Equal([new MissedCount("2026-11-26T10:00Z", 2), new MissedCount("2026-11-26T11:00Z", 1), new MissedCount("2026-11-26T12:00Z", 1)], report.MissedByHour);
        Assert.Equal(TimeSpan.FromSeconds(6), report.RecoveredAfterMedian); // of 2, 4, 6, 8 s
        Assert.Equal(TimeSpan.FromSeconds(8), report.RecoveredAfterMax);
    }

    [Fact]
    public void NothingPulled_IsNothingMissed()
    {
        var report = new MissedTally(Grace, Now).Report("acme", null, null, null, 0);

        Assert.Equal(0, report.Missed);
        Assert.Empty(report.MissedByType);
        Assert.Null(report.RecoveredAfterMedian);
    }

    private static void Pulled(MissedTally tally, DateTimeOffset published, TimeSpan after, string type) =>
        tally.Add(new PulledEvent(published.ToUnixTimeMilliseconds(), (published + after).ToUnixTimeMilliseconds(), type));
}

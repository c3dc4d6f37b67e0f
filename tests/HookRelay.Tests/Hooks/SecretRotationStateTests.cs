using HookRelay.Hooks;

namespace HookRelay.Tests.Hooks;

/// <summary>The rotation state's rules, without files or a server.</summary>
public sealed class SecretRotationStateTests
{
    private const string Old = "old-secret-0123456789-abcdefghijklm";
    private const string New = "new-secret-0123456789-abcdefghijklm";
    private static readonly DateTimeOffset Now = new(2026, 8, 20, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rotate_AcceptsBothAndTheNewOneIsCurrent()
    {
        var rotation = SecretRotation.None.Rotate(Old, New, Now.AddHours(24), TimeSpan.FromMinutes(1));

        Assert.Equal([Old, New], rotation.Accepted([Old], Now));
        Assert.Equal([SecretRotation.Sha256(New)], rotation.Watched);
    }

    [Fact]
    public void FirstUseOfTheNewSecret_RetiresTheOldOneAfterTheGrace()
    {
        var used = SecretRotation.None.Rotate(Old, New, Now.AddHours(24), TimeSpan.FromMinutes(1)).NewSecretUsed(SecretRotation.Sha256(New), Now);

        Assert.Empty(used.Watched);
        Assert.Equal([Old, New], used.Accepted([Old], Now.AddSeconds(59)));
        Assert.Equal([New], used.Accepted([Old], Now.AddMinutes(1)));
        var retired = used.RetireDue(Now.AddMinutes(1));
        Assert.Empty(retired.Retiring);
        Assert.Equal([SecretRotation.Sha256(Old)], retired.Retired);
        Assert.Equal([New], retired.Accepted([Old], Now.AddDays(30)));
    }

    [Fact]
    public void WithoutAnyUse_TheOldSecretRetiresAtRetireAfter()
    {
        var rotation = SecretRotation.None.Rotate(Old, New, Now.AddHours(24), TimeSpan.FromMinutes(1));

        Assert.Same(rotation, rotation.RetireDue(Now.AddHours(23)));
        Assert.Equal([New], rotation.RetireDue(Now.AddHours(24)).Accepted([Old], Now.AddHours(24)));
    }

    [Fact]
    public void BeforeOktaHasTheNewSecret_TheOldOneNeverRetiresByTime()
    {
        var pending = SecretRotation.None.Rotate(Old, New, DateTimeOffset.MaxValue, TimeSpan.Zero);
        var scheduled = pending.ScheduleRetirement(SecretRotation.Sha256(New), Now.AddHours(1));

        Assert.Same(pending, pending.RetireDue(Now.AddYears(100)));
        Assert.Equal([Old, New], scheduled.Accepted([Old], Now.AddMinutes(59)));
        Assert.Equal([New], scheduled.Accepted([Old], Now.AddHours(1)));
    }

    [Fact]
    public void RotatingAgain_RetiresTheAddedSecretAndForgetsIt()
    {
        const string third = "third-secret-0123456789-abcdefghijk";
        var twice = SecretRotation.None.Rotate(Old, New, Now.AddHours(1), TimeSpan.Zero).RetireDue(Now.AddHours(1))
            .Rotate(New, third, Now.AddHours(2), TimeSpan.Zero).RetireDue(Now.AddHours(2));

        Assert.Equal([third], twice.Added);
        Assert.Equal([third], twice.Accepted([Old], Now.AddHours(2)));
    }

    [Fact]
    public void Cancel_DropsTheNewSecretAndKeepsTheOld()
    {
        var cancelled = SecretRotation.None.Rotate(Old, New, Now.AddHours(24), TimeSpan.Zero).Cancel(SecretRotation.Sha256(New));

        Assert.Equal([Old], cancelled.Accepted([Old], Now.AddDays(2)));
    }
}

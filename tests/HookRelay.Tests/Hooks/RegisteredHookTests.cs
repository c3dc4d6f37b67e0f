using System.Security.Cryptography;
using HookRelay.Hooks;

namespace HookRelay.Tests.Hooks;

public sealed class RegisteredHookTests
{
    private static readonly RegisteredHook Hook = new(
        "okta",
        new HookOptions { Secrets = ["first-secret-abcdefghijklmnopqrstuvwxyz", "second-secret-0123456789-0123456789"] },
        RandomNumberGenerator.GetBytes(32));

    [Theory]
    [InlineData("first-secret-abcdefghijklmnopqrstuvwxyz", true)]
    [InlineData("second-secret-0123456789-0123456789", true)]
    [InlineData("first-secret-abcdefghijklmnopqrstuvwxy", false)]
    [InlineData("first-secret-abcdefghijklmnopqrstuvwxyzz", false)]
    [InlineData("FIRST-SECRET-ABCDEFGHIJKLMNOPQRSTUVWXYZ", false)]
    [InlineData("", false)]
    public void Accepts_OnlyAnExactSecret(string presented, bool expected) =>
        Assert.Equal(expected, Hook.Accepts(presented));

    [Fact]
    public void Accepts_VeryLongValue_IsRejectedWithoutError() =>
        Assert.False(Hook.Accepts(new string('x', 100_000)));
}

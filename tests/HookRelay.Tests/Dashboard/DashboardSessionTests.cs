using HookRelay.Dashboard;

namespace HookRelay.Tests.Dashboard;

/// <summary>The sign-in cookie: signed with an admin token, valid for 12 hours, and for no other list of tokens.</summary>
public sealed class DashboardSessionTests
{
    private const string Token = "first-admin-token-0123456789";
    private const string Other = "second-admin-token-0123456789";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ACookie_IsValid_WhileItsTokenIsConfigured_AndUntilItExpires()
    {
        var cookie = DashboardSession.Issue(Token, Now);

        Assert.True(DashboardSession.IsValid(cookie, [Other, Token], Now));
        Assert.True(DashboardSession.IsValid(cookie, [Token], Now + TimeSpan.FromHours(11.9)));
        Assert.False(DashboardSession.IsValid(cookie, [Token], Now + DashboardSession.Lifetime));
        Assert.False(DashboardSession.IsValid(cookie, [Other], Now)); // the token was taken out of Admin:Tokens
        Assert.DoesNotContain(Token, cookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData(".abc")]
    [InlineData("{later}.")]
    [InlineData("{later}.not-base64!")]
    [InlineData("{later}.AAAA")]
    public void Garbage_IsNotASession(string? cookie)
    {
        // {later}: an expiry an hour on, so these are refused for their signature, not as expired.
        var later = (Now + TimeSpan.FromHours(1)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(DashboardSession.IsValid(cookie?.Replace("{later}", later, StringComparison.Ordinal), [Token], Now));
    }

    [Fact]
    public void ACookieFromAnInstanceAFewMinutesAhead_IsAccepted()
    {
        var cookie = DashboardSession.Issue(Token, Now + TimeSpan.FromMinutes(3));

        Assert.True(DashboardSession.IsValid(cookie, [Token], Now));
    }

    [Fact]
    public void ACookieWithALaterExpiry_OrAnotherSignature_IsRefused()
    {
        var cookie = DashboardSession.Issue(Token, Now);
        var dot = cookie.IndexOf('.', StringComparison.Ordinal);
        var expires = long.Parse(cookie[..dot], System.Globalization.CultureInfo.InvariantCulture);

        // Moving the expiry breaks the signature; so does changing one byte of it.
        Assert.False(DashboardSession.IsValid($"{expires + 3600}{cookie[dot..]}", [Token], Now));
        var signature = Convert.FromBase64String(cookie[(dot + 1)..]);
        signature[0] ^= 1;
        Assert.False(DashboardSession.IsValid($"{cookie[..dot]}.{Convert.ToBase64String(signature)}", [Token], Now));

        // A validly signed cookie that claims to last longer than a session does is not one this server issued.
        var tooLong = DashboardSession.Issue(Token, Now + TimeSpan.FromDays(30));
        Assert.False(DashboardSession.IsValid(tooLong, [Token], Now));
    }
}

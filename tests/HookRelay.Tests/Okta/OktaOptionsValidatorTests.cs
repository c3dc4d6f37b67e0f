using HookRelay.Okta;

namespace HookRelay.Tests.Okta;

/// <summary>Reconciliation and monitoring settings that cannot work stop the start, naming the setting.</summary>
public sealed class OktaOptionsValidatorTests
{
    [Theory]
    [InlineData("RateLimitShare", "Okta:Orgs:acme:RateLimitShare must be above 0")]
    [InlineData("GraceWindow", "Okta:Orgs:acme:Reconcile:GraceWindow cannot be negative")]
    [InlineData("FailureCheckInterval", "Okta:Orgs:acme:Reconcile:FailureCheckInterval must be at least 00:00:01")]
    [InlineData("HookCheckInterval", "Okta:Orgs:acme:HookCheckInterval must be at least 00:00:01")]
    [InlineData("MonitorInterval", "Okta:MonitorInterval must be at least 00:00:01")]
    [InlineData("Domain", "Okta:Orgs:acme:Domain must be the org's https:// address")]
    public void BadSetting_FailsNamingIt(string setting, string expected)
    {
        var options = new OktaOptions();
        var org = new OktaOrgOptions { Domain = "https://acme.okta.com", ApiToken = "00token-0123456789" };
        options.Orgs["acme"] = org;
        switch (setting)
        {
            case "RateLimitShare": org.RateLimitShare = 1.5; break;
            case "GraceWindow": org.Reconcile.GraceWindow = TimeSpan.FromMinutes(-1); break;
            case "FailureCheckInterval": org.Reconcile.FailureCheckInterval = TimeSpan.FromMilliseconds(10); break;
            case "HookCheckInterval": org.HookCheckInterval = TimeSpan.FromMilliseconds(10); break;
            case "MonitorInterval": options.MonitorInterval = TimeSpan.Zero; break;
            case "Domain": org.Domain = "http://acme.okta.com"; break;
        }

        var result = new OktaOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_AndTurnedOffChecks_Pass()
    {
        var options = new OktaOptions();
        options.Orgs["acme"] = new OktaOrgOptions { Domain = "https://acme.okta.com", ApiToken = "00token-0123456789", HookCheckInterval = TimeSpan.Zero };
        options.Orgs["acme"].Reconcile.FailureCheckInterval = TimeSpan.Zero;

        Assert.True(new OktaOptionsValidator().Validate(null, options).Succeeded);
    }
}

using System.Net;
using HookRelay.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HookRelay.Tests.Admin;

/// <summary>The rule the admin API and the dashboard share, on requests built by hand.</summary>
public sealed class AdminAccessPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", nameof(AdminAccess.Granted))]
    [InlineData("::1", nameof(AdminAccess.Granted))]
    [InlineData("::ffff:127.0.0.1", nameof(AdminAccess.Granted))]
    [InlineData("10.0.0.5", nameof(AdminAccess.LoopbackOnly))]
    [InlineData("2001:db8::1", nameof(AdminAccess.LoopbackOnly))]
    [InlineData(null, nameof(AdminAccess.LoopbackOnly))]
    public void WithoutTokens_OnlyLoopbackIsGranted(string? address, string expected)
    {
        var policy = Policy();

        Assert.Equal(Enum.Parse<AdminAccess>(expected), policy.Decide(Request(address, authorization: null)));
        Assert.False(policy.RequiresToken);
    }

    [Theory]
    [InlineData("localhost:8080", nameof(AdminAccess.Granted))]
    [InlineData("[::1]:8080", nameof(AdminAccess.Granted))]
    [InlineData("evil.example", nameof(AdminAccess.LoopbackOnly))]
    [InlineData("evil.example:8080", nameof(AdminAccess.LoopbackOnly))]
    public void WithoutTokens_ALocalClientAskingForAnotherHost_IsRefused(string host, string expected)
    {
        // A page on evil.example whose name now points at 127.0.0.1 (DNS rebinding) sends its own Host.
        Assert.Equal(Enum.Parse<AdminAccess>(expected), Policy().Decide(Request("127.0.0.1", authorization: null, host)));
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    public void WithoutTokens_ARequestThroughAProxyOnThisMachine_IsRefused(string header, string value)
    {
        var request = Request("127.0.0.1", authorization: null);
        request.Request.Headers[header] = value;

        Assert.Equal(AdminAccess.LoopbackOnly, Policy().Decide(request));
    }

    [Theory]
    [InlineData(null, nameof(AdminAccess.MissingToken))]
    [InlineData("Bearer", nameof(AdminAccess.MissingToken))]
    [InlineData("Basic YWRtaW46YWRtaW4=", nameof(AdminAccess.MissingToken))]
    [InlineData(AdminApi.Token, nameof(AdminAccess.MissingToken))]
    [InlineData("Bearer " + AdminApi.Token, nameof(AdminAccess.Granted))]
    [InlineData("bearer " + AdminApi.Token, nameof(AdminAccess.Granted))]
    [InlineData("Bearer " + AdminApi.Token + "x", nameof(AdminAccess.WrongToken))]
    [InlineData("Bearer admin-token", nameof(AdminAccess.WrongToken))]
    public void WithTokens_EveryClientNeedsOne(string? authorization, string expected)
    {
        var policy = Policy(AdminApi.Token);

        Assert.Equal(Enum.Parse<AdminAccess>(expected), policy.Decide(Request("127.0.0.1", authorization)));
        Assert.Equal(Enum.Parse<AdminAccess>(expected), policy.Decide(Request("10.0.0.5", authorization)));
    }

    [Fact]
    public void Validator_NamesEachShortTokenButNotItsValue()
    {
        var result = new AdminOptionsValidator().Validate(null, Options(AdminApi.Token, "too-short-token", "has spaces in it, twenty-four+"));

        Assert.True(result.Failed);
        Assert.Contains("Admin:Tokens:1", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Admin:Tokens:2", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Admin:Tokens:0", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short-token", result.FailureMessage, StringComparison.Ordinal);
    }

    private static AdminAccessPolicy Policy(params string[] tokens) => new(new StaticMonitor(Options(tokens)), TimeProvider.System);

    private static AdminOptions Options(params string[] tokens) => new() { Tokens = [.. tokens] };

    private static DefaultHttpContext Request(string? address, string? authorization, string host = "127.0.0.1:8080")
    {
        var context = new DefaultHttpContext();
        context.Request.Host = HostString.FromUriComponent(host);
        context.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }

    private sealed class StaticMonitor(AdminOptions value) : IOptionsMonitor<AdminOptions>
    {
        public AdminOptions CurrentValue => value;

        public AdminOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AdminOptions, string?> listener) => null;
    }
}

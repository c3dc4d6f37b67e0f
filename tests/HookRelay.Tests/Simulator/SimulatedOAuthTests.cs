using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HookRelay.Okta;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Okta;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HookRelay.Tests.Simulator;

/// <summary>The simulated org authorization server refuses what Okta refuses, in OAuth's error shape.</summary>
public sealed class SimulatedOAuthTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("replayed", "The client_assertion token has already been used")]
    [InlineData("audience", "The audience claim for client_assertion must be the endpoint invoked for the request.")]
    [InlineData("expired", "The client_assertion token is expired.")]
    [InlineData("two hours", "The client_assertion token has an expiration too far into the future.")]
    [InlineData("sub", "Invalid value for 'client_id' parameter.")]
    [InlineData("kid", "The client_assertion names a key ('kid') the app does not have.")]
    public async Task BadClientAssertion_IsRefusedWithInvalidClient(string wrong, string description)
    {
        var time = new ManualTimeProvider(Start);
        using var app = TestServiceApp.Rsa(keyId: "sim-key-1");
        await using var okta = await OAuthCredentialTests.StartAsync(app.Register, time);
        using var http = new HttpClient();
        var assertion = Assertion(app, okta, time, wrong);
        if (wrong == "replayed")
        {
            (await RequestTokenAsync(http, okta, assertion)).Dispose();
        }

        using var response = await RequestTokenAsync(http, okta, assertion);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_client", error.RootElement.GetProperty("error").GetString());
        Assert.StartsWith(description, error.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessToken_IsAcceptedUntilItsExpiresInRunsOut()
    {
        var time = new ManualTimeProvider(Start);
        using var app = TestServiceApp.Rsa();
        await using var okta = await OAuthCredentialTests.StartAsync(o =>
        {
            app.Register(o);
            o.ServiceApp.AccessTokenLifetime = TimeSpan.FromMinutes(10);
        }, time);
        using var http = new HttpClient();

        using var issued = await RequestTokenAsync(http, okta, Assertion(app, okta, time, "none"));
        using var token = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
        var accessToken = token.RootElement.GetProperty("access_token").GetString();
        var beforeExpiry = await GetLogsAsync(http, okta, accessToken);
        time.Advance(TimeSpan.FromMinutes(10));
        var afterExpiry = await GetLogsAsync(http, okta, accessToken);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal("Bearer", token.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(600, token.RootElement.GetProperty("expires_in").GetInt64());
        Assert.Equal("okta.logs.read", token.RootElement.GetProperty("scope").GetString());
        Assert.Equal(HttpStatusCode.OK, beforeExpiry.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, afterExpiry.Status);
        Assert.Contains("E0000011", afterExpiry.Body, StringComparison.Ordinal);
    }

    /// <summary>A client assertion as HookRelay writes it, or wrong in one way.</summary>
    private static string Assertion(TestServiceApp app, WebApplication okta, TimeProvider time, string wrong)
    {
        Assert.True(ServiceAppKey.TryLoad(app.KeyPath, wrong == "kid" ? "another-key" : app.KeyId, out var key, out var problem), problem);
        using var _ = key;
        var now = time.GetUtcNow();
        var audience = new Uri(OAuthCredentialTests.Domain(okta), wrong == "audience" ? "/oauth2/default/v1/token" : "/oauth2/v1/token");
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestServiceApp.ClientId,
            Audience = audience.AbsoluteUri,
            IssuedAt = now.UtcDateTime,
            Expires = (now + (wrong switch { "expired" => TimeSpan.FromMinutes(-5), "two hours" => TimeSpan.FromHours(2), _ => TimeSpan.FromMinutes(5) })).UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = wrong == "sub" ? "0oaanotherapp" : TestServiceApp.ClientId, ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = key.Signing,
        });
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, WebApplication okta, string assertion) =>
        http.PostAsync(new Uri(OAuthCredentialTests.Domain(okta), "/oauth2/v1/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "okta.logs.read",
            ["client_assertion_type"] = OAuthServiceAppCredential.AssertionType,
            ["client_assertion"] = assertion,
        }));

    private static async Task<(HttpStatusCode Status, string Body)> GetLogsAsync(HttpClient http, WebApplication okta, string? accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(OAuthCredentialTests.Domain(okta), "/api/v1/logs"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

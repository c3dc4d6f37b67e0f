using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HookRelay.Okta;
using HookRelay.Simulator;
using HookRelay.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookRelay.Tests.Okta;

/// <summary>The Okta client with an OAuth service app's credentials, against the simulated org authorization server on a real socket.</summary>
public sealed class OAuthCredentialTests
{
    [Fact]
    public async Task RsaKey_AssertionIsRs256WithKidIssSubAudFiveMinutesAndAFreshJti()
    {
        using var app = TestServiceApp.Rsa(keyId: "sim-key-1");
        await using var okta = await StartAsync(app.Register);

        // Two clients, two token requests: each assertion must carry its own jti.
        await ReadAsync(Client(app, okta), okta);
        await ReadAsync(Client(app, okta), okta);

        var assertions = OAuth(okta).Assertions.Select(Decode).ToList();
        Assert.Equal(2, assertions.Count);
        foreach (var (header, payload) in assertions)
        {
            Assert.Equal("RS256", header.GetProperty("alg").GetString());
            Assert.Equal("sim-key-1", header.GetProperty("kid").GetString());
            Assert.Equal(TestServiceApp.ClientId, payload.GetProperty("iss").GetString());
            Assert.Equal(TestServiceApp.ClientId, payload.GetProperty("sub").GetString());
            Assert.Equal(new Uri(Domain(okta), "/oauth2/v1/token").AbsoluteUri, payload.GetProperty("aud").GetString());
            Assert.Equal(300, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
            Assert.InRange(payload.GetProperty("iat").GetInt64(), TimeProvider.System.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds(), TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        }

        Assert.NotEqual(assertions[0].Payload.GetProperty("jti").GetString(), assertions[1].Payload.GetProperty("jti").GetString());
    }

    [Theory]
    [InlineData("nistP256", false, "ES256")]
    [InlineData("nistP384", true, "ES384")]
    [InlineData("nistP521", false, "ES512")]
    public async Task EcKey_SignsWithItsCurvesAlgorithmAndReadsTheSystemLog(string curve, bool sec1, string algorithm)
    {
        using var app = TestServiceApp.Ec(ECCurve.CreateFromFriendlyName(curve), sec1);
        await using var okta = await StartAsync(app.Register);
        var uuid = okta.Services.GetRequiredService<SimulatedSystemLog>().Append("user.lifecycle.create").Uuid;

        var page = await ReadAsync(Client(app, okta), okta);

        Assert.Contains(uuid, page.Events.Single(), StringComparison.Ordinal);
        var (header, _) = Decode(Assert.Single(OAuth(okta).Assertions));
        Assert.Equal(algorithm, header.GetProperty("alg").GetString());
        Assert.False(header.TryGetProperty("kid", out _), "no KeyId configured, so no kid");
    }

    [Fact]
    public async Task ManyRequests_ConcurrentAndInTurn_ShareOneAccessToken()
    {
        using var app = TestServiceApp.Rsa(pkcs1: true);
        await using var okta = await StartAsync(app.Register);
        var client = Client(app, okta);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ReadAsync(client, okta)));
        for (var i = 0; i < 10; i++)
        {
            await ReadAsync(client, okta);
        }

        Assert.Equal(1, OAuth(okta).TokenRequests);
    }

    [Fact]
    public async Task TokenNearItsExpiry_IsRenewedBeforeOktaWouldRefuseIt()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        using var app = TestServiceApp.Rsa();
        await using var okta = await StartAsync(app.Register, time);
        var client = Client(app, okta, time);
        await ReadAsync(client, okta);

        time.Advance(TimeSpan.FromSeconds(3500));
        await ReadAsync(client, okta);
        var beforeRenewal = OAuth(okta).TokenRequests;
        time.Advance(TimeSpan.FromSeconds(50)); // 3550 s: inside the last minute of the hour
        await ReadAsync(client, okta);
        time.Advance(TimeSpan.FromHours(2)); // long past expiry
        await ReadAsync(client, okta);

        Assert.Equal(1, beforeRenewal);
        Assert.Equal(3, OAuth(okta).TokenRequests);
    }

    [Fact]
    public async Task RevokedToken_IsReplacedByANewOneAndTheCallSucceeds()
    {
        using var app = TestServiceApp.Rsa();
        await using var okta = await StartAsync(app.Register);
        var client = Client(app, okta);
        await ReadAsync(client, okta);
        OAuth(okta).RevokeAll();

        // The 401 makes the client fetch a new token and try once more: the read succeeds.
        await ReadAsync(client, okta);

        Assert.Null(client.Status.CredentialFailure);
        Assert.Equal(2, OAuth(okta).TokenRequests);
    }

    [Fact]
    public async Task ApiRefusingEveryToken_FailsAfterOneRenewalWithServiceAppAdvice()
    {
        using var app = TestServiceApp.Rsa();
        await using var okta = await StartAsync(o =>
        {
            app.Register(o);
            o.ServiceApp.ApiRefusesTokens = true;
        });
        var client = Client(app, okta);

        var refused = await Assert.ThrowsAsync<OktaApiException>(() => ReadAsync(client, okta));

        Assert.Equal(401, refused.StatusCode);
        Assert.Equal("E0000011", refused.ErrorCode);
        Assert.Contains("service app", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("API token", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(client.Status.CredentialFailure);
        Assert.Equal(2, OAuth(okta).TokenRequests);
    }

    [Fact]
    public async Task TokenEndpointUnavailable_IsRetriedLikeAnyCallToOkta()
    {
        using var app = TestServiceApp.Rsa();
        await using var okta = await StartAsync(o =>
        {
            app.Register(o);
            o.ServiceApp.UnavailableTokenRequests = 1;
        });
        var client = Client(app, okta);

        await ReadAsync(client, okta);

        Assert.Equal(2, OAuth(okta).TokenRequests);
        Assert.Null(client.Status.CredentialFailure);
    }

    [Theory]
    [InlineData("client id", 401, "invalid_client", "Okta:Orgs:{org}:OAuth:ClientId")]
    [InlineData("key", 401, "invalid_client", "signature is invalid")]
    [InlineData("scope", 400, "invalid_scope", "'Okta API Scopes' tab")]
    [InlineData("dpop", 400, "invalid_dpop_proof", "turn off 'Require Demonstrating Proof of Possession")]
    public async Task TokenEndpointError_BecomesAMessageThatSaysWhatToFix(string wrong, int status, string error, string advice)
    {
        using var app = TestServiceApp.Rsa();
        using var other = TestServiceApp.Rsa(key: 1);
        await using var okta = await StartAsync(o =>
        {
            (wrong == "key" ? other : app).Register(o);
            o.ServiceApp.GrantedScopes = wrong == "scope" ? ["okta.logs.read"] : o.ServiceApp.GrantedScopes;
            o.ServiceApp.RequireDPoP = wrong == "dpop";
        });
        var client = Client(app, okta, clientId: wrong == "client id" ? "0oaanotherapp" : TestServiceApp.ClientId);

        var ex = await Assert.ThrowsAsync<OktaApiException>(() => ReadAsync(client, okta));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(error, ex.ErrorCode);
        Assert.StartsWith($"Okta's token endpoint answered {status} {error}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(advice, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Assert.Single(OAuth(okta).Assertions), ex.Message, StringComparison.Ordinal);
        Assert.Equal(ex.Message, client.Status.CredentialFailure?.Message);
    }

    internal static async Task<WebApplication> StartAsync(Action<SimulatorOptions> configure, TimeProvider? time = null)
    {
        var okta = SimulatorApp.Build("http://127.0.0.1:0", configure, time);
        await okta.StartAsync();
        return okta;
    }

    internal static SimulatedOAuth OAuth(WebApplication okta) => okta.Services.GetRequiredService<SimulatedOAuth>();

    internal static Uri Domain(WebApplication okta) => new(okta.Urls.First());

    private static OktaApiClient Client(TestServiceApp app, WebApplication okta, TimeProvider? time = null, string clientId = TestServiceApp.ClientId) =>
        OktaClients.Create(app.Org(Domain(okta), clientId), new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, time ?? TimeProvider.System, NullLoggerFactory.Instance);

    private static Task<SystemLogPage> ReadAsync(OktaApiClient client, WebApplication okta) =>
        client.GetLogPageAsync(OktaApiClient.PollingLogsUrl(Domain(okta), DateTimeOffset.UnixEpoch, []), CancellationToken.None);

    /// <summary>A JWT's header and payload, decoded by hand rather than by the library that wrote it.</summary>
    internal static (JsonElement Header, JsonElement Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        static JsonElement Part(string part) =>
            JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(part.Replace('-', '+').Replace('_', '/').PadRight((part.Length + 3) / 4 * 4, '=')))).RootElement;
        return (Part(parts[0]), Part(parts[1]));
    }
}

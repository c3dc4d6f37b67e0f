using System.Net;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Receiver;

public sealed class VerificationTests : IAsyncLifetime
{
    private RunningHookRelay _server = null!;

    public async Task InitializeAsync() => _server = await RunningHookRelay.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("X-Okta-Verification-Challenge")]
    [InlineData("x-okta-verification-challenge")]
    public async Task Get_WithChallengeAndSecret_EchoesChallengeAsJson(string headerName)
    {
        using var request = Verification(headerName, "Qm9vdHN0cmFwQ2hhbGxlbmdlVmFsdWU", TestSecrets.Primary);

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"verification":"Qm9vdHN0cmFwQ2hhbGxlbmdlVmFsdWU"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_WithoutChallenge_Returns400Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hooks/okta");
        request.Headers.TryAddWithoutValidation("Authorization", TestSecrets.Primary);

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Okta-Verification-Challenge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-secret-but-long-enough-0000")]
    public async Task Get_WithMissingOrWrongSecret_Returns401WithoutEchoingChallenge(string? secret)
    {
        using var request = Verification("X-Okta-Verification-Challenge", "challenge-value-123", secret);

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("challenge-value-123", body, StringComparison.Ordinal);
        Assert.Equal(401, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    private static HttpRequestMessage Verification(string headerName, string challenge, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/hooks/okta");
        request.Headers.TryAddWithoutValidation(headerName, challenge);
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", secret);
        }

        return request;
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using HookRelay.Okta;
using HookRelay.Okta.EventHooks;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Okta;

/// <summary>The Event Hooks client against the simulated <c>/api/v1/eventHooks</c> on a real socket.</summary>
public sealed class EventHooksApiTests : IAsyncLifetime
{
    private const string Secret = "hook-secret-that-okta-never-returns-0123";
    private SimulatedOrg _okta = null!;

    public async Task InitializeAsync() => _okta = await SimulatedOrg.StartAsync();

    public async Task DisposeAsync() => await _okta.DisposeAsync();

    [Fact]
    public async Task Create_NewHookIsActiveAndUnverified_AndItsSecretIsNeverReturned()
    {
        var created = await _okta.Api().CreateAsync(Hook("https://hooks.acme.example/hooks/okta"), CancellationToken.None);

        Assert.Matches("^who[A-Za-z0-9]{17}$", created.Id);
        Assert.Equal((EventHook.Active, "UNVERIFIED"), (created.Status, created.VerificationStatus));
        Assert.Equal(["user.lifecycle.create", "group.user_membership.add"], created.Events.Items);
        Assert.Equal("Authorization", created.Channel.Config.AuthScheme?.Key);
        Assert.Null(created.Channel.Config.AuthScheme?.Value);
        Assert.Equal("POST", created.Channel.Config.Method);
        using var raw = _okta.Raw();
        var listed = await raw.GetStringAsync("/api/v1/eventHooks");
        var fetched = await raw.GetStringAsync($"/api/v1/eventHooks/{created.Id}");
        Assert.DoesNotContain(Secret, listed + fetched, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(fetched);
        Assert.False(document.RootElement.GetProperty("channel").GetProperty("config").GetProperty("authScheme").TryGetProperty("value", out _));
        Assert.EndsWith($"/api/v1/eventHooks/{created.Id}/lifecycle/deactivate", document.RootElement.GetProperty("_links").GetProperty("deactivate").GetProperty("href").GetString(), StringComparison.Ordinal);
        Assert.Equal(created.Id, Assert.Single(await _okta.Api().ListAsync(CancellationToken.None)).Id);
    }

    [Theory]
    [InlineData("http://hooks.acme.example/hooks/okta", "HTTPS")]
    [InlineData("not a uri", "absolute URI")]
    public async Task Create_WithAnInvalidUri_Returns400E0000001WithTheCause(string uri, string cause)
    {
        var body = JsonSerializer.Serialize(Hook("https://placeholder.example/") with { Channel = new(new EventHookChannelConfig(new Uri("https://placeholder.example/"))) }, EventHookJsonContext.Default.EventHook)
            .Replace("https://placeholder.example/", uri, StringComparison.Ordinal);
        using var raw = _okta.Raw();

        using var response = await raw.PostAsync("/api/v1/eventHooks", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("E0000001", error.RootElement.GetProperty("errorCode").GetString());
        Assert.Contains(cause, error.RootElement.GetProperty("errorCauses")[0].GetProperty("errorSummary").GetString(), StringComparison.Ordinal);
        Assert.Empty(_okta.Hooks.List());
    }

    [Fact]
    public async Task Create_WithLoopbackHttpUri_IsAcceptedForLocalUse()
    {
        var created = await _okta.Api().CreateAsync(Hook("http://127.0.0.1:8080/hooks/okta"), CancellationToken.None);

        Assert.Equal(new Uri("http://127.0.0.1:8080/hooks/okta"), created.Channel.Config.Uri);
    }

    [Fact]
    public async Task Get_UnknownId_ThrowsOkta404()
    {
        var ex = await Assert.ThrowsAsync<OktaApiException>(() => _okta.Api().GetAsync("who00000000000000000", CancellationToken.None));

        Assert.Equal((404, "E0000007"), (ex.StatusCode, ex.ErrorCode));
    }

    [Fact]
    public async Task Replace_ChangedUriMakesAVerifiedHookUnverified_ANewNameDoesNot()
    {
        var api = _okta.Api();
        var created = await api.CreateAsync(Hook("https://hooks.acme.example/hooks/okta"), CancellationToken.None);
        _okta.Hooks.SetVerificationStatus(created.Id!, "VERIFIED");

        var renamed = await api.ReplaceAsync(created.Id!, Hook("https://hooks.acme.example/hooks/okta") with { Name = "Renamed" }, CancellationToken.None);
        var moved = await api.ReplaceAsync(created.Id!, Hook("https://hooks2.acme.example/hooks/okta"), CancellationToken.None);

        Assert.Equal(("Renamed", "VERIFIED"), (renamed.Name, renamed.VerificationStatus));
        Assert.Equal("UNVERIFIED", moved.VerificationStatus);
        Assert.Equal(new Uri("https://hooks2.acme.example/hooks/okta"), (await api.GetAsync(created.Id!, CancellationToken.None)).Channel.Config.Uri);
    }

    [Fact]
    public async Task Delete_ActiveHookIsRefused_InactiveHookIsGone()
    {
        var api = _okta.Api();
        var created = await api.CreateAsync(Hook("https://hooks.acme.example/hooks/okta"), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<OktaApiException>(() => api.DeleteAsync(created.Id!, CancellationToken.None));
        var deactivated = await api.DeactivateAsync(created.Id!, CancellationToken.None);
        await api.DeleteAsync(created.Id!, CancellationToken.None);

        Assert.Equal(403, refused.StatusCode);
        Assert.Contains("deactivate it first", refused.Message, StringComparison.Ordinal);
        Assert.Equal(EventHook.Inactive, deactivated.Status);
        Assert.Empty(await api.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnyCall_WithAWrongToken_Is401E0000011()
    {
        var ex = await Assert.ThrowsAsync<OktaApiException>(() => _okta.Api("00wrong-token").ListAsync(CancellationToken.None));
        using var raw = _okta.Raw("00wrong-token");
        using var create = await raw.PostAsync("/api/v1/eventHooks", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal((401, "E0000011"), (ex.StatusCode, ex.ErrorCode));
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
    }

    internal static EventHook Hook(string uri, string secret = Secret) => new(
        "Acme provisioning receiver",
        new EventHookEvents(["user.lifecycle.create", "group.user_membership.add"]),
        new EventHookChannel(new EventHookChannelConfig(new Uri(uri), new EventHookAuthScheme("Authorization", secret), [new EventHookHeader("X-Acme-Tenant", "prod-eu")])));
}

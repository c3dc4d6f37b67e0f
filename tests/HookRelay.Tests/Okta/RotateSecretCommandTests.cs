using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HookRelay.Okta.EventHooks;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Okta;

/// <summary>
/// <c>hookrelay okta hooks rotate-secret</c> end to end: the simulated org delivering to a running
/// HookRelay while the real executable rotates the hook's secret.
/// </summary>
public sealed class RotateSecretCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private SimulatedOrg _okta = null!;
    private RunningHookRelay _server = null!;

    public async Task InitializeAsync()
    {
        _okta = await SimulatedOrg.StartAsync();
        _server = await RunningHookRelay.StartAsync(dataDir: _data.Path);
        var api = _okta.Api();
        var hook = await api.CreateAsync(EventHooksApiTests.Hook(new Uri(_server.BaseAddress, "/hooks/okta").ToString(), TestSecrets.Primary), CancellationToken.None);
        await api.VerifyAsync(hook.Id!, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _okta.DisposeAsync();
    }

    public void Dispose()
    {
        _http.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Rotate_WhileOktaDeliversContinuously_RefusesNoDeliveryAndThenRefusesTheOldSecret()
    {
        var statuses = new ConcurrentQueue<HttpStatusCode>();
        using var stop = new CancellationTokenSource();
        var deliveries = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var status in await SimulatedDeliveries.DeliverAsync(_okta.Hooks, _http))
                {
                    statuses.Enqueue(status);
                }

                await Task.Delay(20);
            }
        });
        await Eventually.TrueAsync(() => statuses.Count >= 5, "deliveries flow before the rotation");

        var run = await RotateAsync("--grace", "0s");
        var afterRotation = statuses.Count;
        await Eventually.TrueAsync(() => statuses.Count >= afterRotation + 20, "deliveries flow with the new secret");
        await Eventually.TrueAsync(() => Post(TestSecrets.Primary) == HttpStatusCode.Unauthorized, "the old secret is retired");
        var beforeStop = statuses.Count;
        await Eventually.TrueAsync(() => statuses.Count >= beforeStop + 5, "deliveries still flow after the retirement");
        await stop.CancelAsync();
        await deliveries;

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("is VERIFIED", run.Stdout, StringComparison.Ordinal);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NoContent, s));
        var newSecret = CurrentSecretAtOkta();
        Assert.NotEqual(TestSecrets.Primary, newSecret);
        Assert.DoesNotContain(newSecret, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data.Path, "secrets", "okta.rotation.json")));
        Assert.DoesNotContain(TestSecrets.Primary, await File.ReadAllTextAsync(Path.Combine(_data.Path, "secrets", "okta.rotation.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_OldSecretIsAcceptedUntilTheFirstDeliveryWithTheNewOne_AndARestartKeepsThat()
    {
        Assert.Equal(HttpStatusCode.NoContent, Post(TestSecrets.Primary));

        var run = await RotateAsync("--grace", "0s");
        var newSecret = CurrentSecretAtOkta();
        var oldRightAfter = Post(TestSecrets.Primary);
        // Several of the server's one-second polls: without a delivery carrying the new secret, the old one stays.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var oldLater = Post(TestSecrets.Primary);
        var firstWithNew = Post(newSecret);
        await Eventually.TrueAsync(() => Post(TestSecrets.Primary) == HttpStatusCode.Unauthorized, "the old secret is retired after the new one was used");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent), (oldRightAfter, oldLater, firstWithNew));
        Assert.Equal(HttpStatusCode.NoContent, Post(newSecret));
        await _server.DisposeAsync();
        _server = await RunningHookRelay.StartAsync(dataDir: _data.Path);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.Unauthorized), (Post(newSecret), Post(TestSecrets.Primary)));
    }

    [Fact]
    public async Task Rotate_WithNoDeliveryAtAll_RetiresTheOldSecretAfterRetireAfter()
    {
        var clock = Stopwatch.StartNew();

        var run = await RotateAsync("--retire-after", "8s");
        var oldAfterRotation = Post(TestSecrets.Primary);
        await Eventually.TrueAsync(() => Post(TestSecrets.Primary) == HttpStatusCode.Unauthorized, "the old secret is retired at --retire-after");
        var retiredAfter = clock.Elapsed;

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(HttpStatusCode.NoContent, oldAfterRotation);
        Assert.True(retiredAfter >= TimeSpan.FromSeconds(8), $"the old secret was refused after {retiredAfter}, before --retire-after");
        Assert.Equal(HttpStatusCode.NoContent, Post(CurrentSecretAtOkta()));
    }

    [Fact]
    public async Task Rotate_WhenNoOktaHookPointsAtTheHook_ChangesNothing()
    {
        var hook = Assert.Single(_okta.Hooks.List());
        _okta.Hooks.Replace(hook.Id, hook.Definition with { Uri = new Uri("https://elsewhere.example/receiver") });

        var run = await RotateAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--okta-hook", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "secrets", "okta.rotation.json")));
        Assert.Equal(TestSecrets.Primary, Assert.Single(_okta.Hooks.List()).Definition.AuthValue);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RotateAsync(params string[] args) => RotateAsync(new Dictionary<string, string>(), args);

    private Task<(int ExitCode, string Stdout, string Stderr)> RotateAsync(Dictionary<string, string> settings, params string[] args)
    {
        var environment = _okta.Environment();
        environment["HOOKRELAY_Hooks__okta__Secrets__0"] = TestSecrets.Primary;
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return HookRelayProcess.RunAsync(["okta", "hooks", "rotate-secret", "--hook", "okta", "--data-dir", _data.Path, .. args], environment);
    }

    [Fact]
    public async Task Rotate_WhenOktaRefusesTheNewSecret_TakesItBackAndKeepsTheOldOne()
    {
        // Okta reserves User-Agent, so it refuses an authScheme in that header with a 400; the server here accepts it.
        await _server.DisposeAsync();
        _server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Hooks:okta:HeaderName"] = "User-Agent" }, dataDir: _data.Path);
        var hook = Assert.Single(_okta.Hooks.List());
        _okta.Hooks.Replace(hook.Id, hook.Definition with { Uri = new Uri(_server.BaseAddress, "/hooks/okta") });

        var run = await RotateAsync(new Dictionary<string, string> { ["HOOKRELAY_Hooks__okta__HeaderName"] = "User-Agent" }, "--retire-after", "1s");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Okta refused the new secret, so nothing changed", run.Stderr, StringComparison.Ordinal);
        var rotation = new HookRelay.Hooks.SecretRotationStore(new HookRelay.Storage.DataDirectory(_data.Path)).Read("okta");
        Assert.Equal((0, 0), (rotation.Added.Count, rotation.Retiring.Count));
        Assert.Equal(TestSecrets.Primary, CurrentSecretAtOkta());
        await Task.Delay(TimeSpan.FromSeconds(2)); // past --retire-after: nothing is left to retire
        using var accepted = await _server.Client.SendAsync(RunningHookRelay.Delivery(OktaPayloads.Fresh(1).Body, TestSecrets.Primary, header: "User-Agent"));
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
    }

    [Fact]
    public async Task Rotate_WhenTheServerCannotConfirmTheNewSecret_LeavesOktaAlone()
    {
        // Nothing answers at the hook's URL (the server is down, or cannot read the CLI's rotation file).
        await _server.DisposeAsync();

        var run = await RotateAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("did not accept the new secret", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing changed at Okta", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(TestSecrets.Primary, CurrentSecretAtOkta());
        var rotation = new HookRelay.Hooks.SecretRotationStore(new HookRelay.Storage.DataDirectory(_data.Path)).Read("okta");
        Assert.Empty(rotation.Added);
        _server = await RunningHookRelay.StartAsync(dataDir: _data.Path);
    }

    private string CurrentSecretAtOkta() => Assert.Single(_okta.Hooks.List()).Definition.AuthValue!;

    private HttpStatusCode Post(string secret)
    {
        using var response = _server.PostAsync(OktaPayloads.Fresh(1).Body, secret).GetAwaiter().GetResult();
        return response.StatusCode;
    }
}

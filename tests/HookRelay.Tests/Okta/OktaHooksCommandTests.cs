using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Okta;

/// <summary><c>hookrelay okta hooks …</c>, the real executable, against the simulated org and a running HookRelay.</summary>
public sealed class OktaHooksCommandTests : IAsyncLifetime
{
    private SimulatedOrg _okta = null!;
    private RunningHookRelay _server = null!;

    public async Task InitializeAsync()
    {
        _okta = await SimulatedOrg.StartAsync();
        _server = await RunningHookRelay.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _okta.DisposeAsync();
    }

    [Fact]
    public async Task CreateVerifyDeactivateDelete_ManagesTheHookAndNeverPrintsTheSecret()
    {
        var url = new Uri(_server.BaseAddress, "/hooks/okta").ToString();

        var created = await RunAsync("create", "--name", "HookRelay prod", "--url", url, "--events", "user.lifecycle.create, group.user_membership.add");
        var listed = await RunAsync("list", "--json");
        var verified = await RunAsync("verify", "HookRelay prod");
        var table = await RunAsync("list");
        var refused = await RunAsync("delete", "HookRelay prod");
        var id = Assert.Single(_okta.Hooks.List()).Id;
        var deactivated = await RunAsync("deactivate", id);
        var deleted = await RunAsync("delete", id);

        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Contains("UNVERIFIED", created.Stdout, StringComparison.Ordinal);
        Assert.Contains($"hookrelay okta hooks verify {id}", created.Stdout, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(listed.Stdout))
        {
            var hook = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal(id, hook.GetProperty("id").GetString());
            Assert.Equal(["user.lifecycle.create", "group.user_membership.add"], hook.GetProperty("events").GetProperty("items").EnumerateArray().Select(e => e.GetString()));
        }

        Assert.True(verified.ExitCode == 0, verified.Stderr);
        Assert.Contains("ACTIVE, VERIFIED", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("HookRelay prod", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("VERIFIED", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("deactivate", refused.Stderr, StringComparison.Ordinal);
        Assert.True(deactivated.ExitCode == 0, deactivated.Stderr);
        Assert.Contains("INACTIVE", deactivated.Stdout, StringComparison.Ordinal);
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.Empty(_okta.Hooks.List());
        foreach (var run in new[] { created, listed, verified, table, refused, deactivated, deleted })
        {
            Assert.DoesNotContain(TestSecrets.Primary, run.Stdout + run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_GivesOktaTheHooksConfiguredSecretAndHeader()
    {
        var run = await RunAsync("create", "--name", "n", "--url", new Uri(_server.BaseAddress, "/hooks/okta").ToString(), "--events", "user.lifecycle.create");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var deliverable = Assert.Single(_okta.Hooks.List()).Definition;
        Assert.Equal(("Authorization", TestSecrets.Primary), (deliverable.AuthKey, deliverable.AuthValue));
    }

    [Fact]
    public async Task Create_WithSeveralHooks_UsesTheOrgsHookOrRequiresHook()
    {
        var environment = Environment();
        environment["HOOKRELAY_Hooks__other__Secrets__0"] = TestSecrets.Rotated;
        string[] create = ["okta", "hooks", "create", "--org", "acme", "--name", "n", "--url", "https://hooks.acme.example/hooks/other", "--events", "user.lifecycle.create"];

        var ambiguous = await HookRelayProcess.RunAsync(create, environment);
        environment["HOOKRELAY_Okta__Orgs__acme__Hooks__0"] = "other";
        var run = await HookRelayProcess.RunAsync(create, environment);

        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("pass --hook", ambiguous.Stderr, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(TestSecrets.Rotated, Assert.Single(_okta.Hooks.List()).Definition.AuthValue);
    }

    [Fact]
    public async Task Create_ZeroConfig_GivesOktaTheGeneratedSecretFromTheDataFolder()
    {
        using var data = new TempDirectory();
        var environment = _okta.Environment();

        var run = await HookRelayProcess.RunAsync(
            ["okta", "hooks", "create", "--name", "n", "--url", "https://hooks.acme.example/hooks/okta", "--events", "user.lifecycle.create", "--data-dir", data.Path], environment);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var generated = File.ReadAllText(Path.Combine(data.Path, "secrets", "okta.secret")).Trim();
        Assert.Equal(generated, Assert.Single(_okta.Hooks.List()).Definition.AuthValue);
        Assert.DoesNotContain(generated, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "HTTPS", "create", "--name", "n", "--url", "http://hooks.acme.example/hooks/okta", "--events", "user.lifecycle.create")]
    [InlineData(2, "--url", "create", "--name", "n", "--events", "user.lifecycle.create")]
    [InlineData(2, "checks the header Authorization", "create", "--name", "n", "--url", "https://h.example/hooks/okta", "--events", "a.b", "--header-name", "X-Other")]
    [InlineData(1, "no hook named 'nope'", "create", "--name", "n", "--url", "https://h.example/hooks/okta", "--events", "a.b", "--hook", "nope")]
    [InlineData(1, "no event hook with the id or name 'missing'", "verify", "missing")]
    [InlineData(1, "no org named 'other'", "list", "--org", "other")]
    public async Task Mistakes_ExitWithAClearMessage(int exitCode, string message, params string[] args)
    {
        var run = await HookRelayProcess.RunAsync(["okta", "hooks", .. args.Contains("--org") ? args : [.. args, "--org", "acme"]], Environment());

        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_okta.Hooks.List());
    }

    [Fact]
    public async Task WrongApiToken_ExitsWithOktasAdviceAndNoToken()
    {
        var environment = Environment();
        environment["HOOKRELAY_Okta__Orgs__acme__ApiToken"] = "00wrong-token-never-echoed";

        var run = await HookRelayProcess.RunAsync(["okta", "hooks", "list", "--org", "acme"], environment);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("E0000011", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("00wrong-token-never-echoed", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment()
    {
        var environment = _okta.Environment();
        environment["HOOKRELAY_Hooks__okta__Secrets__0"] = TestSecrets.Primary;
        environment["HOOKRELAY_DataDir"] = _server.DataDir;
        return environment;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        HookRelayProcess.RunAsync(["okta", "hooks", .. args, "--org", "acme"], Environment());
}

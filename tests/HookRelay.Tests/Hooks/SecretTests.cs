using System.Net;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hooks;

public sealed class SecretTests
{
    [Fact]
    public async Task Post_DuringRotation_AcceptsOldAndNewSecret()
    {
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Hooks:okta:Secrets:1"] = TestSecrets.Rotated });

        using var withOld = await server.PostAsync(OktaPayloads.Fresh(1).Body, TestSecrets.Primary);
        using var withNew = await server.PostAsync(OktaPayloads.Fresh(1).Body, TestSecrets.Rotated);
        using var withOther = await server.PostAsync(OktaPayloads.Fresh(1).Body, "some-other-secret-of-enough-length-xx");

        Assert.Equal(HttpStatusCode.NoContent, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withOther.StatusCode);
    }

    [Fact]
    public async Task Post_WithCustomHeaderName_ChecksThatHeaderOnly()
    {
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Hooks:okta:HeaderName"] = "X-Acme-Hook-Key" });

        using var inCustom = await server.Client.SendAsync(RunningHookRelay.Delivery(OktaPayloads.Fresh(1).Body, header: "x-acme-hook-key"));
        using var inAuthorization = await server.PostAsync(OktaPayloads.Fresh(1).Body);

        Assert.Equal(HttpStatusCode.NoContent, inCustom.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, inAuthorization.StatusCode);
        Assert.Contains("X-Acme-Hook-Key", await inAuthorization.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithSecretRepeatedInTwoHeaders_Returns401()
    {
        await using var server = await RunningHookRelay.StartAsync();
        using var request = RunningHookRelay.Delivery(OktaPayloads.Fresh(1).Body);
        request.Headers.TryAddWithoutValidation("Authorization", TestSecrets.Primary);

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_AfterSecretRotatedInConfigFile_AcceptsNewSecretWithoutRestart()
    {
        using var folder = new TempDirectory();
        var config = Path.Combine(folder.Path, "hookrelay.json");
        await File.WriteAllTextAsync(config, Settings(TestSecrets.Primary));
        await using var server = await RunningHookRelay.StartAsync(dataDir: folder.Path, defaultHook: false, configFile: config);
        using var before = await server.PostAsync(OktaPayloads.Fresh(1).Body, TestSecrets.Rotated);

        await File.WriteAllTextAsync(config, Settings(TestSecrets.Rotated));
        var accepted = await EventuallyAsync(async () =>
        {
            using var after = await server.PostAsync(OktaPayloads.Fresh(1).Body, TestSecrets.Rotated);
            return after.StatusCode == HttpStatusCode.NoContent;
        });
        using var old = await server.PostAsync(OktaPayloads.Fresh(1).Body, TestSecrets.Primary);

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.True(accepted, "the rotated secret was not accepted within 10 s of the file change");
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }

    [Fact]
    public async Task Start_WithConfiguredHookWithoutSecrets_FailsInsteadOfGeneratingOne()
    {
        using var folder = new TempDirectory();

        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Hooks:audit:HeaderName"] = "Authorization" }, dataDir: folder.Path, defaultHook: false));

        Assert.Contains(ex.Failures, f => f.StartsWith("Hooks:audit:Secrets is empty", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "secrets")), "no secret may be generated for a configured hook");
    }

    [Theory]
    [InlineData("Hooks:okta:Secret:0", "Hooks:okta:Secret is not a known setting")]
    [InlineData("Hooks:okta:Secrets", "Hooks:okta:Secrets must be a list")]
    [InlineData("Hooks:okta", "Hooks:okta is a single value")]
    public async Task Start_WithMisspeltSecretSetting_FailsNamingIt(string key, string expected)
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            RunningHookRelay.StartAsync(new Dictionary<string, string?> { [key] = TestSecrets.Primary }, defaultHook: false));

        Assert.Contains(ex.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Failures, f => f.Contains(TestSecrets.Primary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfigFileRemovedWhileRunning_KeepsTheSecretsInForce()
    {
        using var folder = new TempDirectory();
        var config = Path.Combine(folder.Path, "hookrelay.json");
        await File.WriteAllTextAsync(config, Settings(TestSecrets.Primary));
        await using var server = await RunningHookRelay.StartAsync(dataDir: folder.Path, defaultHook: false, configFile: config);

        File.Move(config, config + ".moved");
        await Task.Delay(TimeSpan.FromSeconds(6)); // the file is polled every 4 s
        using var response = await server.PostAsync(OktaPayloads.Fresh(1).Body, TestSecrets.Primary);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "secrets")), "no secret may be generated when a settings file disappears");
    }

    [Fact]
    public async Task Start_WithEmptyGeneratedSecretFile_FailsNamingTheFile()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(folder.Path, "secrets"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "secrets", "okta.secret"), string.Empty);

        var ex = await Assert.ThrowsAsync<HookRelay.Hosting.StartupConfigurationException>(() =>
            RunningHookRelay.StartAsync(dataDir: folder.Path, defaultHook: false));

        Assert.Contains("okta.secret is empty", ex.Message, StringComparison.Ordinal);
    }

    private static string Settings(string secret) => $$"""{ "Hooks": { "okta": { "Secrets": [ "{{secret}}" ] } } }""";

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}

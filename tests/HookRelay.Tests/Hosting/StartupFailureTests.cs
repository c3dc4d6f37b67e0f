using System.Net;
using System.Net.Sockets;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hosting;

/// <summary>A bad setting stops the start: exit code 1 and a message that names the setting and the fix.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task Serve_WithShortSecret_ExitsWithMessageNamingSettingButNotTheSecret()
    {
        const string ShortSecret = "short-secret-4711";
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();

        var run = await ServeRun.ExpectExitAsync(port, ServeArgs(port, dataDir.Path), ServeRun.WithSecret(ShortSecret));

        ServeRun.AssertRefused(run, "Hooks:okta:Secrets:0");
        Assert.DoesNotContain(ShortSecret, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hooks__okta__HeaderName", "", "Hooks:okta:HeaderName")]
    [InlineData("Hooks__okta__HeaderName", " ", "Hooks:okta:HeaderName")]
    [InlineData("Hooks__okta__HeaderName", "bad header", "Hooks:okta:HeaderName")]
    [InlineData("Hooks__okta__MaxBodyBytes", "10", "Hooks:okta:MaxBodyBytes")]
    [InlineData("Hooks__okta__MaxBodyBytes", "lots", "Hooks:okta:MaxBodyBytes")]
    [InlineData("Hooks__bad.name__Secrets__0", TestSecrets.Rotated, "Hooks:bad.name")]
    [InlineData("Storage__Provider", "postgres", "Storage:Provider")]
    [InlineData("Storage__BusyTimeoutSeconds", "0", "BusyTimeoutSeconds")]
    [InlineData("BehindProxy", "maybe", "BehindProxy")]
    public async Task Serve_WithInvalidSetting_ExitsWithMessageNamingIt(string variable, string value, string setting)
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var environment = ServeRun.WithSecret();
        environment["HOOKRELAY_" + variable] = value;

        var run = await ServeRun.ExpectExitAsync(port, ServeArgs(port, dataDir.Path), environment);

        ServeRun.AssertRefused(run, setting);
    }

    [Theory]
    [InlineData("Hooks__okta__MaxBodyBytes", "Hooks:okta:MaxBodyBytes")]
    [InlineData("Storage__BusyTimeoutSeconds", "Storage:BusyTimeoutSeconds")]
    public async Task Serve_WithSecretPastedIntoNumericSetting_NamesSettingWithoutPrintingValue(string variable, string setting)
    {
        const string pasted = "pasted-secret-value-0123456789-abcdef";
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var environment = ServeRun.WithSecret();
        environment["HOOKRELAY_" + variable] = pasted;

        var run = await ServeRun.ExpectExitAsync(port, ServeArgs(port, dataDir.Path), environment);

        ServeRun.AssertRefused(run, setting);
        Assert.DoesNotContain(pasted, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("[::]")]
    [InlineData("*")]
    [InlineData("192.0.2.10")]
    public async Task Serve_OnNetworkAddressOverPlainHttp_ExitsPointingToBehindProxy(string host)
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();

        var run = await ServeRun.ExpectExitAsync(port, ["serve", "--urls", ServeRun.Url(port, host), "--data-dir", dataDir.Path], ServeRun.WithSecret());

        ServeRun.AssertRefused(run, "--urls");
        Assert.Contains("--behind-proxy", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithKestrelEndpointOnNetworkAddressOverPlainHttp_ExitsNamingTheEndpoint()
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var environment = ServeRun.WithSecret();
        environment["HOOKRELAY_Kestrel__Endpoints__web__Url"] = ServeRun.Url(port, "0.0.0.0");

        var run = await ServeRun.ExpectExitAsync(port, ["serve", "--data-dir", dataDir.Path], environment);

        ServeRun.AssertRefused(run, "Kestrel:Endpoints:web:Url");
        Assert.Contains("--behind-proxy", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithMissingConfigFile_ExitsNamingConfig()
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var missing = Path.Combine(dataDir.Path, "missing.json");

        var run = await ServeRun.ExpectExitAsync(port, [.. ServeArgs(port, dataDir.Path), "--config", missing], ServeRun.WithSecret());

        ServeRun.AssertRefused(run, "--config");
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithConfigFileThatIsNotJson_ExitsNamingConfig()
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var broken = Path.Combine(dataDir.Path, "broken.json");
        File.WriteAllText(broken, "{ \"Hooks\": { \"okta\": ");

        var run = await ServeRun.ExpectExitAsync(port, [.. ServeArgs(port, dataDir.Path), "--config", broken], ServeRun.WithSecret());

        ServeRun.AssertRefused(run, "--config");
    }

    [Fact]
    public async Task Serve_WithDataDirThatIsAFile_ExitsNamingDataDir()
    {
        using var folder = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var file = Path.Combine(folder.Path, "not-a-folder");
        File.WriteAllText(file, "x");

        var run = await ServeRun.ExpectExitAsync(port, ServeArgs(port, file), ServeRun.WithSecret());

        ServeRun.AssertRefused(run, "DataDir");
    }

    [Fact]
    public async Task Serve_OnPortInUse_ExitsNamingUrls()
    {
        using var dataDir = new TempDirectory();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var run = await ServeRun.ExpectExitAsync(port, ServeArgs(port, dataDir.Path), ServeRun.WithSecret());

        ServeRun.AssertRefused(run, "--urls");
    }

    [Fact]
    public async Task Serve_OnPortInUse_WithEveryBackgroundService_GivesOnlyTheClearMessage()
    {
        // An Okta org and a sink start every background loop; a failed start must not show any of them as a crash.
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var environment = ServeRun.WithSecret();
        environment["HOOKRELAY_Okta__Orgs__acme__Domain"] = "http://127.0.0.1:9";
        environment["HOOKRELAY_Okta__Orgs__acme__ApiToken"] = "00some-token-0123456789";
        environment["HOOKRELAY_Okta__Orgs__acme__Hooks__0"] = "okta";
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var dataDir = new TempDirectory();

            var run = await ServeRun.ExpectExitAsync(port, ServeArgs(port, dataDir.Path), environment);

            ServeRun.AssertRefused(run, "--urls");
            Assert.DoesNotContain("crit:", run.Stderr, StringComparison.Ordinal);
        }
    }

    private static string[] ServeArgs(int port, string dataDir) => ["serve", "--urls", ServeRun.Url(port), "--data-dir", dataDir];
}

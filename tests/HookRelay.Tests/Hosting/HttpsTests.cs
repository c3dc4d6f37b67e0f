using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hosting;

/// <summary>HTTPS with the user's own PEM certificate and key (<c>--cert</c>, <c>--key</c>).</summary>
public sealed class HttpsTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("0.0.0.0", false)]
    public async Task Serve_WithPemCertificate_TakesDeliveriesOverHttps(string host, bool keyInCertificateFile)
    {
        using var folder = new TempDirectory();
        var certificate = CreateCertificate(folder.Path, keyInCertificateFile);
        var port = HookRelayProcess.FreePort();
        string[] tls = keyInCertificateFile ? ["--cert", certificate.CertPath] : ["--cert", certificate.CertPath, "--key", certificate.KeyPath];

        await using var server = HookRelayProcess.Start(
            ["serve", "--urls", ServeRun.Url(port, host, "https"), "--data-dir", folder.Path, .. tls], ServeRun.WithSecret());
        using var client = PinnedClient(ServeRun.Loopback(port, "https"), certificate.Thumbprint);
        await WaitUntilLiveAsync(server, client);

        var (body, uuids) = OktaPayloads.Fresh(2);
        using var response = await client.SendAsync(RunningHookRelay.Delivery(body));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.All(uuids, uuid => Assert.NotNull(StoreQueries.EventJson(folder.DatabasePath, uuid)));
        await ServeRun.StopAsync(server);
    }

    [Fact]
    public async Task Serve_WithStandardKestrelCertificateSettings_TakesDeliveriesOverHttps()
    {
        using var folder = new TempDirectory();
        var certificate = CreateCertificate(folder.Path, keyInCertificateFile: false);
        var port = HookRelayProcess.FreePort();
        var environment = ServeRun.WithSecret();
        environment["HOOKRELAY_Kestrel__Endpoints__https__Url"] = ServeRun.Url(port, "127.0.0.1", "https");
        environment["HOOKRELAY_Kestrel__Certificates__Default__Path"] = certificate.CertPath;
        environment["HOOKRELAY_Kestrel__Certificates__Default__KeyPath"] = certificate.KeyPath;

        await using var server = HookRelayProcess.Start(["serve", "--data-dir", folder.Path], environment);
        using var client = PinnedClient(ServeRun.Loopback(port, "https"), certificate.Thumbprint);
        await WaitUntilLiveAsync(server, client);

        var (body, uuids) = OktaPayloads.Fresh(1);
        using var response = await client.SendAsync(RunningHookRelay.Delivery(body));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotNull(StoreQueries.EventJson(folder.DatabasePath, uuids[0]));
        await ServeRun.StopAsync(server);
    }

    [Fact]
    public async Task Serve_WithMissingCertificateFile_ExitsNamingCert()
    {
        using var folder = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        var missing = Path.Combine(folder.Path, "missing.pem");

        var run = await ServeRun.ExpectExitAsync(
            port, ["serve", "--urls", ServeRun.Url(port, scheme: "https"), "--data-dir", folder.Path, "--cert", missing], ServeRun.WithSecret());

        ServeRun.AssertRefused(run, "--cert");
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithKeyThatDoesNotMatchCertificate_ExitsNamingCert()
    {
        using var folder = new TempDirectory();
        var certificate = CreateCertificate(folder.Path, keyInCertificateFile: false);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(certificate.KeyPath, otherKey.ExportPkcs8PrivateKeyPem());
        var port = HookRelayProcess.FreePort();

        var run = await ServeRun.ExpectExitAsync(
            port,
            ["serve", "--urls", ServeRun.Url(port, scheme: "https"), "--data-dir", folder.Path, "--cert", certificate.CertPath, "--key", certificate.KeyPath],
            ServeRun.WithSecret());

        ServeRun.AssertRefused(run, "--cert");
    }

    [Fact]
    public async Task Serve_WithKeyButNoCertificate_ExitsNamingCert()
    {
        using var folder = new TempDirectory();
        var certificate = CreateCertificate(folder.Path, keyInCertificateFile: false);
        var port = HookRelayProcess.FreePort();

        var run = await ServeRun.ExpectExitAsync(
            port, ["serve", "--urls", ServeRun.Url(port, scheme: "https"), "--data-dir", folder.Path, "--key", certificate.KeyPath], ServeRun.WithSecret());

        ServeRun.AssertRefused(run, "--cert");
    }

    /// <summary>A self-signed certificate for 127.0.0.1, written as PEM files.</summary>
    private static (string CertPath, string KeyPath, string Thumbprint) CreateCertificate(string folder, bool keyInCertificateFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        var certPath = Path.Combine(folder, "hookrelay.crt");
        var keyPath = Path.Combine(folder, "hookrelay.key");
        var certPem = certificate.ExportCertificatePem();
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(certPath, keyInCertificateFile ? certPem + "\n" + keyPem : certPem);
        File.WriteAllText(keyPath, keyPem);
        return (certPath, keyPath, certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    /// <summary>A client that trusts exactly the test's certificate and nothing else.</summary>
    private static HttpClient PinnedClient(Uri baseAddress, string thumbprint)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase);
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>HookRelayProcess.WaitUntilLiveAsync speaks plain HTTP or trusted HTTPS only; this one pins the certificate.</summary>
    private static async Task WaitUntilLiveAsync(HookRelayProcess server, HttpClient client)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            Assert.False(server.HasExited, $"hookrelay exited.\nstdout:\n{server.StandardOutput}\nstderr:\n{server.StandardError}");
            try
            {
                using var response = await client.GetAsync("/health/live");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"hookrelay did not answer over HTTPS.\nstdout:\n{server.StandardOutput}\nstderr:\n{server.StandardError}");
    }
}

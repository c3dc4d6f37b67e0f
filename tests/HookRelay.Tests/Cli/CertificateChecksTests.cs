using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HookRelay.Cli.Doctor;
using HookRelay.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HookRelay.Tests.Cli;

/// <summary>Doctor's TLS line for real PEM certificates: OK, WARN under 30 days, FAIL once expired.</summary>
public sealed class CertificateChecksTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-08-20T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(200, "Ok")]
    [InlineData(10, "Warn")]
    [InlineData(-1, "Fail")]
    public void Check_CertificateExpiringInDays_HasTheStatusAndAFixWhenNotOk(int days, string status)
    {
        var expected = Enum.Parse<DoctorStatus>(status);
        var check = CertificateChecks.Check(Settings(WriteCertificate(Now.AddDays(days))), Now);

        Assert.Equal(expected, check.Status);
        Assert.Equal(expected == DoctorStatus.Ok, check.Fix is null);
        Assert.Contains(Now.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnreadableCertificateFile_Fails()
    {
        var path = Path.Combine(_folder.Path, "not-a-cert.pem");
        File.WriteAllText(path, "hello");

        var check = CertificateChecks.Check(Settings(path), Now);

        Assert.Equal(DoctorStatus.Fail, check.Status);
        Assert.Contains(path, check.Detail, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(string certificatePath) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Tls:CertificatePath"] = certificatePath }).Build();

    private string WriteCertificate(DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=hookrelay.example", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(notAfter.AddDays(-400), notAfter);
        var path = Path.Combine(_folder.Path, $"cert-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}

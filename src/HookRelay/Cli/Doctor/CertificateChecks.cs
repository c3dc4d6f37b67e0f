using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HookRelay.Hosting;

namespace HookRelay.Cli.Doctor;

/// <summary>The HTTPS certificate's expiry: Okta stops delivering to an endpoint whose certificate has expired.</summary>
internal static class CertificateChecks
{
    public const string Name = "tls certificate";

    public static DoctorCheck Check(IConfiguration configuration, DateTimeOffset now)
    {
        if (configuration[ServeSettings.CertificatePath] is not { Length: > 0 } path)
        {
            return DoctorCheck.Ok(Name, "not configured: HookRelay serves plain HTTP (Tls:CertificatePath unset); Okta needs HTTPS in front of it");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return DoctorCheck.Fail(Name, $"cannot read a PEM certificate from {path}: {ex.Message}", "set Tls:CertificatePath (--cert) to a readable PEM certificate");
        }

        using (certificate)
        {
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            var left = notAfter - now;
            var detail = $"{certificate.Subject} from {path} expires {notAfter:yyyy-MM-dd HH:mm}Z";
            return left <= TimeSpan.Zero
                ? DoctorCheck.Fail(Name, $"{detail}: EXPIRED {CliTime.Ago(-left)} ago", "renew the certificate and replace the file; Okta refuses to deliver to an expired certificate")
                : left < TimeSpan.FromDays(30)
                    ? DoctorCheck.Warn(Name, $"{detail}, in {CliTime.Ago(left)}", "renew the certificate before it expires and replace the file, then restart hookrelay serve")
                    : DoctorCheck.Ok(Name, $"{detail}, in {CliTime.Ago(left)}");
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HookRelay.Okta;
using HookRelay.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace HookRelay.Tests.Okta;

/// <summary>Okta:Orgs:{org} credentials checked at start: one kind only, and a service app key that HookRelay can sign with.</summary>
public sealed class OAuthOptionsValidatorTests : IDisposable
{
    /// <summary>RFC 8410's Ed25519 example key: a PKCS#8 private key Okta's service apps do not accept.</summary>
    private const string Ed25519Pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("public key", "holds 'PUBLIC KEY' but no private key")]
    [InlineData("certificate", "holds 'CERTIFICATE' but no private key")]
    [InlineData("encrypted", "holds an encrypted private key; HookRelay needs it unencrypted (openssl pkcs8 -topk8 -nocrypt")]
    [InlineData("not pem", "holds no PEM block; it must be an unencrypted RSA or EC private key in PEM")]
    [InlineData("damaged", "holds a 'PRIVATE KEY' block that is not a readable RSA or EC private key")]
    [InlineData("broken base64", "holds no readable PEM block (damaged base64 or a broken BEGIN/END line)")]
    [InlineData("ed25519", "holds a 'PRIVATE KEY' block that is not a readable RSA or EC private key")]
    [InlineData("rsa 1024", "holds a 1024-bit RSA key; Okta accepts RSA keys of 2048 bits or more")]
    [InlineData("secp256k1", "holds an EC key on a curve Okta does not accept; use P-256, P-384 or P-521")]
    public void KeyFileWithoutAUsableKey_FailsNamingTheSettingAndTheFixButNoKeyMaterial(string content, string expected)
    {
        var pem = content switch
        {
            "public key" => Rsa(1024).ExportSubjectPublicKeyInfoPem(),
            "certificate" => new CertificateRequest("CN=okta", Rsa(1024), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(TimeProvider.System.GetUtcNow(), TimeProvider.System.GetUtcNow().AddDays(1)).ExportCertificatePem(),
            "encrypted" => Rsa(1024).ExportEncryptedPkcs8PrivateKeyPem("passphrase", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)),
            "not pem" => "0oasimulatedserviceapp\n",
            "damaged" => "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIB\n-----END PRIVATE KEY-----\n",
            "broken base64" => "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ\n-----END PRIVATE KEY-----\n",
            "ed25519" => Ed25519Pem,
            "rsa 1024" => Rsa(1024).ExportPkcs8PrivateKeyPem(),
            _ => ECDsa.Create(ECCurve.CreateFromFriendlyName("secp256k1")).ExportPkcs8PrivateKeyPem(),
        };
        var path = Path.Combine(_folder.Path, "okta.pem");
        File.WriteAllText(path, pem);

        var failure = Assert.Single(Validate(path).Failures ?? []);

        Assert.StartsWith($"Okta:Orgs:acme:OAuth:PrivateKeyPath: {path} {expected}", failure, StringComparison.Ordinal);
        foreach (var line in pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal) && l.Length >= 16))
        {
            Assert.DoesNotContain(line[..16], failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RelativeKeyPathThatDoesNotExist_FailsNamingTheFullPathAndTheWorkingDirectory()
    {
        var failure = Assert.Single(Validate("keys/missing-okta.pem").Failures ?? []);

        Assert.Equal(
            $"Okta:Orgs:acme:OAuth:PrivateKeyPath: {Path.GetFullPath("keys/missing-okta.pem")} does not exist (a relative path resolves against the working directory, "
            + $"{Directory.GetCurrentDirectory()}); point it to the PEM private key whose public key is registered with the service app.",
            failure);
    }

    [Fact]
    public void KeyPathThatCannotBeRead_FailsSayingSo()
    {
        // A folder stands in for an unreadable file: the tests run as root, which reads any file.
        var failure = Assert.Single(Validate(_folder.Path).Failures ?? []);

        Assert.StartsWith($"Okta:Orgs:acme:OAuth:PrivateKeyPath: {_folder.Path} cannot be read (", failure, StringComparison.Ordinal);
        Assert.EndsWith("make it a file that the account HookRelay runs as can read (and nobody else).", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rsa pkcs1")]
    [InlineData("ec sec1 with parameters")]
    public void UsableKeys_Pass(string kind)
    {
        using var rsa = TestServiceApp.Rsa(pkcs1: true);
        var pem = kind == "rsa pkcs1"
            ? File.ReadAllText(rsa.KeyPath)
            : "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportECPrivateKeyPem();
        var path = Path.Combine(_folder.Path, "okta.pem");
        File.WriteAllText(path, pem);

        var result = Validate(path);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(false, false, "Okta:Orgs:acme has no credential: set Okta:Orgs:acme:OAuth (an API Services app: ClientId and PrivateKeyPath; what Okta recommends) or Okta:Orgs:acme:ApiToken")]
    [InlineData(true, true, "Okta:Orgs:acme has both ApiToken and OAuth; keep one: remove Okta:Orgs:acme:ApiToken to use the service app, or Okta:Orgs:acme:OAuth to use the token.")]
    public void NeitherOrBothCredentials_Fail(bool apiToken, bool oauth, string expected)
    {
        using var app = TestServiceApp.Ec(ECCurve.NamedCurves.nistP256);
        var options = new OktaOptions();
        options.Orgs["acme"] = new OktaOrgOptions
        {
            Domain = "https://acme.okta.com",
            ApiToken = apiToken ? "00simulated-api-token-0123456789abcdef" : string.Empty,
            OAuth = oauth ? app.Org(new Uri("https://acme.okta.com")).OAuth : null,
        };

        var failure = Assert.Single(new OktaOptionsValidator().Validate(null, options).Failures ?? []);

        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("00simulated-api-token", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithOAuthMissingItsClientIdAndKey_FailsNamingBothSettings()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningHookRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Okta:Orgs:acme:Domain"] = "https://acme.okta.com",
            ["Okta:Orgs:acme:OAuth:KeyId"] = "sim-key-1",
        }));

        Assert.Contains(ex.Failures, f => f.StartsWith("Okta:Orgs:acme:OAuth:ClientId is missing; copy the Client ID of the API Services app", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Okta:Orgs:acme:OAuth:PrivateKeyPath is missing; point it to the PEM private key", StringComparison.Ordinal));
    }

    private static ValidateOptionsResult Validate(string keyPath)
    {
        var options = new OktaOptions();
        options.Orgs["acme"] = new OktaOrgOptions
        {
            Domain = "https://acme.okta.com",
            OAuth = new OAuthServiceAppOptions { ClientId = TestServiceApp.ClientId, PrivateKeyPath = keyPath },
        };
        return new OktaOptionsValidator().Validate(null, options);
    }

    private static RSA Rsa(int bits) => RSA.Create(bits);
}

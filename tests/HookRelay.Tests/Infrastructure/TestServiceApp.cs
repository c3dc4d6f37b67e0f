using System.Security.Cryptography;
using HookRelay.Okta;
using HookRelay.Simulator;

namespace HookRelay.Tests.Infrastructure;

/// <summary>
/// An OAuth service app for tests: a key pair generated now, the private key written to a PEM file,
/// and the settings that register it with the simulated org and configure HookRelay to use it.
/// </summary>
internal sealed class TestServiceApp : IDisposable
{
    public const string ClientId = "0oasimulatedserviceapp";
    /// <summary>RSA key generation takes a while on a busy machine: two keys, made once, serve every test.</summary>
    private static readonly Lazy<byte[]>[] RsaKeys = [new(NewRsaKey), new(NewRsaKey)];
    private readonly TempDirectory _folder = new();

    private TestServiceApp(AsymmetricAlgorithm key, string privatePem, string? keyId)
    {
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
        key.Dispose();
        KeyId = keyId;
        KeyPath = Path.Combine(_folder.Path, "okta.pem");
        File.WriteAllText(KeyPath, privatePem);
    }

    public string KeyPath { get; }

    public string PublicKeyPem { get; }

    public string? KeyId { get; }

    /// <summary>A 2048-bit RSA key (the first or the second of two), as PKCS#8 or (<paramref name="pkcs1"/>) PKCS#1.</summary>
    public static TestServiceApp Rsa(string? keyId = "sim-key-1", bool pkcs1 = false, int key = 0)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(RsaKeys[key].Value, out _);
        return new TestServiceApp(rsa, pkcs1 ? rsa.ExportRSAPrivateKeyPem() : rsa.ExportPkcs8PrivateKeyPem(), keyId);
    }

    /// <summary>An EC key on <paramref name="curve"/>, as PKCS#8 or (<paramref name="sec1"/>) SEC1.</summary>
    public static TestServiceApp Ec(ECCurve curve, bool sec1 = false, string? keyId = null)
    {
        var ec = ECDsa.Create(curve);
        return new TestServiceApp(ec, sec1 ? ec.ExportECPrivateKeyPem() : ec.ExportPkcs8PrivateKeyPem(), keyId);
    }

    /// <summary>Registers the app (its client id and public key) with the simulated org.</summary>
    public void Register(SimulatorOptions options)
    {
        options.ServiceApp.ClientId = ClientId;
        options.ServiceApp.PublicKeyPem = PublicKeyPem;
        options.ServiceApp.KeyId = KeyId;
    }

    public OktaOrgOptions Org(Uri domain, string clientId = ClientId) => new()
    {
        Domain = domain.ToString(),
        OAuth = new OAuthServiceAppOptions { ClientId = clientId, PrivateKeyPath = KeyPath, KeyId = KeyId },
    };

    /// <summary>The same as configuration keys for <c>Okta:Orgs:{org}</c>.</summary>
    public Dictionary<string, string?> Settings(string org, string domain) => new()
    {
        [$"Okta:Orgs:{org}:Domain"] = domain,
        [$"Okta:Orgs:{org}:OAuth:ClientId"] = ClientId,
        [$"Okta:Orgs:{org}:OAuth:PrivateKeyPath"] = KeyPath,
        [$"Okta:Orgs:{org}:OAuth:KeyId"] = KeyId,
    };

    public void Dispose() => _folder.Dispose();

    private static byte[] NewRsaKey()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKey();
    }
}

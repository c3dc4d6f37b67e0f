using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace HookRelay.Okta;

/// <summary>
/// The service app's private key, read from a PEM file (PKCS#8, PKCS#1 or SEC1), as the signing
/// credentials of its client assertions: RS256 for RSA, ES256/384/512 by the EC key's curve.
/// Problems are described by path and PEM label only, never by key material.
/// </summary>
internal sealed class ServiceAppKey : IDisposable
{
    private const int MaxFileBytes = 64 * 1024;
    private readonly AsymmetricAlgorithm _algorithm;

    private ServiceAppKey(AsymmetricAlgorithm algorithm, SecurityKey key, string signingAlgorithm)
    {
        _algorithm = algorithm;
        // IdentityModel's default factory caches signature providers process-wide by key thumbprint:
        // a provider cached for a disposed copy of the same key would then sign with a disposed object.
        key.CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false };
        Signing = new SigningCredentials(key, signingAlgorithm);
    }

    public SigningCredentials Signing { get; }

    /// <summary>
    /// A relative path resolves against the working directory, like <c>DataDir</c> and <c>--cert</c>:
    /// the setting may come from the --config file, an environment variable or a flag alike.
    /// </summary>
    public static string Resolve(string path) => Path.GetFullPath(path);

    public static bool TryLoad(string path, string? keyId, [NotNullWhen(true)] out ServiceAppKey? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        var full = Resolve(path);
        var relative = Path.IsPathRooted(path) ? string.Empty : $" (a relative path resolves against the working directory, {Directory.GetCurrentDirectory()})";
        string text;
        try
        {
            if (new FileInfo(full) is { Exists: true, Length: > MaxFileBytes })
            {
                problem = $"{full} is too large to be a PEM private key; point it to the key file itself.";
                return false;
            }

            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            problem = $"{full} does not exist{relative}; point it to the PEM private key whose public key is registered with the service app.";
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"{full} cannot be read ({ex.Message}); make it a file that the account HookRelay runs as can read (and nobody else).";
            return false;
        }

        problem = Parse(text, keyId, out key);
        if (problem is not null)
        {
            problem = $"{full} {problem}";
        }

        return key is not null;
    }

    public void Dispose() => _algorithm.Dispose();

    /// <summary>The first RSA or EC private key among the file's PEM blocks, or why there is none.</summary>
    private static string? Parse(string text, string? keyId, out ServiceAppKey? key)
    {
        key = null;
        var labels = new List<string>();
        ReadOnlySpan<char> rest = text;
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            labels.Add(label);
            if (label is "PRIVATE KEY" or "RSA PRIVATE KEY" or "EC PRIVATE KEY")
            {
                var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
                try
                {
                    return FromDer(label, der, keyId, out key);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(der);
                }
            }

            rest = rest[fields.Location.End..];
        }

        const string Formats = "'BEGIN PRIVATE KEY' (PKCS#8), 'BEGIN RSA PRIVATE KEY' (PKCS#1) or 'BEGIN EC PRIVATE KEY' (SEC1)";
        return labels.Count == 0
            ? text.Contains("-----BEGIN ", StringComparison.Ordinal)
                ? $"holds no readable PEM block (damaged base64 or a broken BEGIN/END line); export the key again as {Formats}."
                : $"holds no PEM block; it must be an unencrypted RSA or EC private key in PEM: {Formats}."
            : labels.Contains("ENCRYPTED PRIVATE KEY")
                ? $"holds an encrypted private key; HookRelay needs it unencrypted (openssl pkcs8 -topk8 -nocrypt -in <key> -out okta.pem) and protected by file permissions instead."
                : $"holds {string.Join(", ", labels.Select(l => $"'{l}'"))} but no private key; it must be the app's RSA or EC private key: {Formats}. A public key or certificate is what Okta keeps, not HookRelay.";
    }

    private static string? FromDer(string label, byte[] der, string? keyId, out ServiceAppKey? key)
    {
        key = null;
        var rsa = label is "PRIVATE KEY" or "RSA PRIVATE KEY" ? TryImport(RSA.Create(), r => Import(r, label, der)) : null;
        if (rsa is not null)
        {
            var bits = rsa.KeySize;
            if (bits < 2048)
            {
                rsa.Dispose();
                return $"holds a {bits}-bit RSA key; Okta accepts RSA keys of 2048 bits or more: generate a new key pair and register its public key with the app.";
            }

            key = new ServiceAppKey(rsa, new RsaSecurityKey(rsa) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);
            return null;
        }

        var ec = label is "PRIVATE KEY" or "EC PRIVATE KEY" ? TryImport(ECDsa.Create(), e => Import(e, label, der)) : null;
        if (ec is null)
        {
            return $"holds a '{label}' block that is not a readable RSA or EC private key (damaged, or another key type: Okta's service apps accept only RSA and EC); export the key again.";
        }

        var algorithm = ec.ExportParameters(false).Curve.Oid.Value switch
        {
            "1.2.840.10045.3.1.7" => SecurityAlgorithms.EcdsaSha256,
            "1.3.132.0.34" => SecurityAlgorithms.EcdsaSha384,
            "1.3.132.0.35" => SecurityAlgorithms.EcdsaSha512,
            _ => null,
        };
        if (algorithm is null)
        {
            ec.Dispose();
            return "holds an EC key on a curve Okta does not accept; use P-256, P-384 or P-521.";
        }

        key = new ServiceAppKey(ec, new ECDsaSecurityKey(ec) { KeyId = keyId }, algorithm);
        return null;
    }

    private static void Import(RSA rsa, string label, byte[] der)
    {
        if (label == "RSA PRIVATE KEY")
        {
            rsa.ImportRSAPrivateKey(der, out _);
        }
        else
        {
            rsa.ImportPkcs8PrivateKey(der, out _);
        }
    }

    private static void Import(ECDsa ec, string label, byte[] der)
    {
        if (label == "EC PRIVATE KEY")
        {
            ec.ImportECPrivateKey(der, out _);
        }
        else
        {
            ec.ImportPkcs8PrivateKey(der, out _);
        }
    }

    private static T? TryImport<T>(T algorithm, Action<T> import)
        where T : AsymmetricAlgorithm
    {
        try
        {
            import(algorithm);
            return algorithm;
        }
        catch (CryptographicException)
        {
            // Not this kind of key (a PKCS#8 block may hold either), or a damaged block.
            algorithm.Dispose();
            return null;
        }
    }
}

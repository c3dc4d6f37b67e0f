using System.Collections.Concurrent;
using System.Security.Cryptography;
using HookRelay.Hosting;
using HookRelay.Storage;

namespace HookRelay.Hooks;

/// <summary>
/// Secrets HookRelay made itself for hooks configured without one: 32 random bytes, base64url,
/// kept in <c>{DataDir}/secrets/{hook}.secret</c> readable by the owner only.
/// </summary>
internal sealed class GeneratedSecretStore(DataDirectory dataDirectory)
{
    private readonly ConcurrentDictionary<string, string> _createdThisRun = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The hooks whose secret was created by this process, with the secret to show once.</summary>
    public IReadOnlyDictionary<string, string> CreatedThisRun => _createdThisRun;

    public string PathFor(string hook) => Path.Combine(dataDirectory.Path, "secrets", $"{hook}.secret");

    public string GetOrCreate(string hook)
    {
        var path = PathFor(hook);
        if (File.Exists(path))
        {
            return ReadExisting(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        // Written whole to a temporary file and renamed: a crash never leaves a partial secret.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(secret));
            stream.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; theirs is the secret.
            File.Delete(temporary);
            return ReadExisting(path);
        }

        _createdThisRun[hook] = secret;
        return secret;
    }

    private static string ReadExisting(string path)
    {
        var secret = File.ReadAllText(path).Trim();
        return secret.Length > 0
            ? secret
            : throw new StartupConfigurationException($"{path} is empty; delete it to have a new secret generated, or configure Hooks:okta:Secrets:0.");
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

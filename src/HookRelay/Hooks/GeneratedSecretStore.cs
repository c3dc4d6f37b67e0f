using System.Collections.Concurrent;
using System.Security.Cryptography;
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
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(secret);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; theirs is the secret.
            return File.ReadAllText(path).Trim();
        }

        _createdThisRun[hook] = secret;
        return secret;
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Text.Json;
using HookRelay.Hosting;
using HookRelay.Storage;

namespace HookRelay.Hooks;

/// <summary>
/// Reads and writes <c>{DataDir}/secrets/{hook}.rotation.json</c>. The CLI starts rotations and the
/// running server retires old secrets, so every change is a read-modify-write under an exclusive
/// lock file, written whole to a temporary file (owner-only) and renamed over the old one.
/// </summary>
internal sealed class SecretRotationStore(DataDirectory dataDirectory)
{
    public const string Suffix = ".rotation.json";
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    public string Folder => Path.Combine(dataDirectory.Path, "secrets");

    public string PathFor(string hook) => Path.Combine(Folder, hook + Suffix);

    /// <summary>The hook's rotation state; <see cref="SecretRotation.None"/> when there is no file.</summary>
    public SecretRotation Read(string hook) => Parse(PathFor(hook), ReadText(PathFor(hook)));

    /// <summary>Every hook's file as text, for cheap change detection.</summary>
    public IReadOnlyDictionary<string, string> ReadAllText()
    {
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!Directory.Exists(Folder))
        {
            return files;
        }

        foreach (var path in Directory.EnumerateFiles(Folder, "*" + Suffix))
        {
            if (ReadText(path) is { } text)
            {
                files[Path.GetFileName(path)[..^Suffix.Length]] = text;
            }
        }

        return files;
    }

    public static SecretRotation Parse(string path, string? text)
    {
        if (text is null)
        {
            return SecretRotation.None;
        }

        try
        {
            return JsonSerializer.Deserialize(text, SecretRotationJsonContext.Default.SecretRotation) ?? SecretRotation.None;
        }
        catch (JsonException ex)
        {
            throw new StartupConfigurationException($"{path} is not a valid secret rotation file ({ex.Message}); restore it from a backup. Deleting it drops every secret it added, which may be the one Okta sends now: first copy the newest secret into the hook's Hooks:<hook>:Secrets setting.", ex);
        }
    }

    /// <summary>Applies a change under the lock; returns the state written (or the unchanged one).</summary>
    public async Task<SecretRotation> UpdateAsync(string hook, Func<SecretRotation, SecretRotation> change, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = PathFor(hook);
        using var held = await LockAsync(path + ".lock", cancellationToken);
        var current = Read(hook);
        var next = change(current);
        if (!ReferenceEquals(next, current))
        {
            Write(path, JsonSerializer.Serialize(next, SecretRotationJsonContext.Default.SecretRotation));
        }

        return next;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static void Write(string path, string json)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temporary, OwnerOnly(FileMode.Create, FileAccess.Write, FileShare.None)))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(json));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Another process holding the lock (flock on Unix) makes this wait, up to a bound.</summary>
    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, OwnerOnly(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (waited.Elapsed < LockWait)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    private static FileStreamOptions OwnerOnly(FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}

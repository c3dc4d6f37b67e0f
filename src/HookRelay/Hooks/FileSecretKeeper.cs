using HookRelay.Hosting;
using HookRelay.Storage;

namespace HookRelay.Hooks;

/// <summary>Generated secrets in <c>{DataDir}/secrets/{hook}.secret</c>, readable by the owner only.</summary>
internal sealed class FileSecretKeeper(DataDirectory dataDirectory) : IGeneratedSecretKeeper
{
    public string Location(string hook) => Path.Combine(dataDirectory.Path, "secrets", $"{hook}.secret");

    public (string Secret, bool Created) GetOrAdd(string hook, string candidate)
    {
        var path = Location(hook);
        if (File.Exists(path))
        {
            return (ReadExisting(path), false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written whole to a temporary file and renamed: a crash never leaves a partial secret.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(candidate));
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
            return (ReadExisting(path), false);
        }

        return (candidate, true);
    }

    private static string ReadExisting(string path)
    {
        var secret = File.ReadAllText(path).Trim();
        return secret.Length > 0
            ? secret
            : throw new StartupConfigurationException($"{path} is empty; delete it to have a new secret generated, or configure Hooks:okta:Secrets:0.");
    }
}

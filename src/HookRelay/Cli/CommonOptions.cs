using System.CommandLine;

namespace HookRelay.Cli;

/// <summary>Options that several commands share, with the same names and meaning everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "Folder of the database and generated secrets (setting DataDir, default ./data).",
    };

    public static Option<string?> Config() => new("--config")
    {
        Description = "JSON settings file, read after ./appsettings.json and before HOOKRELAY_ variables.",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON for machines instead of text.",
    };
}

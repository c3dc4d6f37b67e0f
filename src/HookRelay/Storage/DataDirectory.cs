namespace HookRelay.Storage;

/// <summary>The folder that holds the database and generated secrets (<c>DataDir</c>, default <c>./data</c>).</summary>
internal sealed record DataDirectory(string Path)
{
    public const string ConfigKey = "DataDir";

    public string DatabasePath => System.IO.Path.Combine(Path, "hookrelay.db");

    public static DataDirectory FromConfiguration(IConfiguration configuration)
    {
        var configured = configuration[ConfigKey];
        var path = string.IsNullOrWhiteSpace(configured) ? "data" : configured;
        return new DataDirectory(System.IO.Path.GetFullPath(path));
    }
}

using System.Globalization;
using System.Reflection;

namespace HookRelay.Storage;

/// <summary>A store's numbered schema scripts (embedded <c>Schema/NNN_name.sql</c>), in order.</summary>
internal static class SchemaScripts
{
    /// <param name="provider">The provider's folder under Storage: <c>Sqlite</c> or <c>Postgres</c>.</param>
    public static IReadOnlyList<(int Version, string Sql)> For(string provider)
    {
        var folder = $".Storage.{provider}.Schema.";
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Version: ParseVersion(n[(n.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..]), Name: n))
            .OrderBy(s => s.Version)
            .Select(s => (s.Version, ReadResource(assembly, s.Name)))
            .ToList();
    }

    /// <summary>The digits at the start of a file name such as <c>_001_initial.sql</c>.</summary>
    private static int ParseVersion(string file) =>
        int.Parse(new string(file.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

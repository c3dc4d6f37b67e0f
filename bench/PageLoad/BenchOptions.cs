namespace PageLoad;

/// <summary>
/// What bench/dashboard.sh passes: <c>--dashboard URL --reference URL [--snapshots URL] [--actor A] [--loads N] [--warm-up N] [--chromium PATH]</c>;
/// <c>--snapshots</c> is the folder address under which the page's static copies are served by section name.
/// </summary>
internal sealed record BenchOptions(Uri Dashboard, Uri Reference, Uri? Snapshots, string Actor, int Loads, int WarmUp, string Chromium)
{
    public static BenchOptions Parse(string[] args)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            given[args[i]] = args[i + 1];
        }

        string Get(string name, string? fallback = null) =>
            given.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"PageLoad needs {name}.");

        return new BenchOptions(
            new Uri(Get("--dashboard")),
            new Uri(Get("--reference")),
            given.TryGetValue("--snapshots", out var snapshots) ? new Uri(snapshots) : null,
            Get("--actor", "user42@example.com"),
            int.Parse(Get("--loads", "30"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Get("--warm-up", "3"), System.Globalization.CultureInfo.InvariantCulture),
            Get("--chromium", "/usr/bin/chromium"));
    }
}

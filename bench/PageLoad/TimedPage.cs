namespace PageLoad;

/// <summary>
/// A page the benchmark loads: where it is, the element it marks <c>data-loaded</c> once its data has
/// rendered, and for a dashboard page the header link that switches to it.
/// </summary>
internal sealed record TimedPage(string Name, Uri Url, string Section, string? Link)
{
    public const string ReferenceName = "reference (static page)";
    public const string CopySuffix = ", static copy";

    /// <summary>The reference page and the static copies: loaded cold and warm only, never clicked to.</summary>
    public bool IsDashboard => Link is not null;

    /// <summary>
    /// The bare Kestrel app's static page, then the dashboard's four pages, each rendered by the server
    /// at its own path with its data and its section's <c>data-loaded</c> in the HTML; each header
    /// link's href is that path. With <paramref name="snapshots"/>, each page's static copy (its HTML
/// saved and served by the bare Kestrel app) follows it.
    /// </summary>
    public static IReadOnlyList<TimedPage> All(Uri dashboard, Uri reference, Uri? snapshots)
    {
        List<TimedPage> pages = [new(ReferenceName, reference, "page", null)];
        foreach (var (name, path, section) in new[]
        {
            ("overview", "/", "overview"),
            ("events", "/events", "events"),
            ("dead letters", "/deadletters", "deadletters"),
            ("okta", "/okta", "okta"),
        })
        {
            var copy = snapshots is null ? null : new Uri(snapshots, section);
            pages.Add(new(name, new Uri(dashboard, path), section, $"nav a[data-view={section}]"));
            if (copy is not null)
            {
                pages.Add(new(name + CopySuffix, copy, section, null));
            }
        }

        return pages;
    }
}

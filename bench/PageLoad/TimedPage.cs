namespace PageLoad;

/// <summary>
/// A page the benchmark loads: where it is, the element it marks <c>data-loaded</c> once its data has
/// rendered, and for a dashboard page the header link that switches to it.
/// </summary>
internal sealed record TimedPage(string Name, Uri Url, string Section, string? Link)
{
    public const string ReferenceName = "reference (static page)";

    public bool IsReference => Link is null;

    /// <summary>
    /// The bare Kestrel app's static page, then the dashboard's four pages, each rendered by the server
    /// at its own path with its data and its section's <c>data-loaded</c> in the HTML; each header
    /// link's href is that path.
    /// </summary>
    public static IReadOnlyList<TimedPage> All(Uri dashboard, Uri reference) =>
    [
        new(ReferenceName, reference, "page", null),
        new("overview", new Uri(dashboard, "/"), "overview", "nav a[data-view=overview]"),
        new("events", new Uri(dashboard, "/events"), "events", "nav a[data-view=events]"),
        new("dead letters", new Uri(dashboard, "/deadletters"), "deadletters", "nav a[data-view=deadletters]"),
        new("okta", new Uri(dashboard, "/okta"), "okta", "nav a[data-view=okta]"),
    ];
}

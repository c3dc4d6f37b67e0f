using System.Globalization;
using System.Text;

namespace PageLoad;

/// <summary>The "In the browser" section of bench/dashboard-results.md.</summary>
internal static class ResultsTable
{
    private const double TargetMs = 200;
    private static readonly int[] Percents = [50, 90, 99];

    public static string Markdown(Samples samples, BenchOptions options, string browser)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"""

            ## In the browser

            Measured in the same run with `bench/PageLoad`: {browser}, headless, driven by Playwright, {options.Loads} loads of each page after {options.WarmUp} warm-up ones, the pages taken in turn. Each figure is on the browser's own clock (`performance.now()`; a click's time is carried to the page it opens with `performance.timeOrigin`), up to the first frame after the page marked its data rendered (`data-loaded`):
            - **cold**: from navigation start, in a new browser context (no cache, a new connection);
            - **warm**: from navigation start, in one context kept for the whole run (a full navigation again: an engineer reopening the page);
            - **switch**: a click on the page's header link, a full navigation to the server-rendered page, from the click to the first frame with the data;
            - **search by actor**: on the events page, a click on Search with actor `{options.Actor}`, a full navigation to `/events?actor=…`, from the click to the first frame with the results.

            The reference is a static page from `bench/BareKestrel` loaded the same way; cold figures are divided by its cold ones, the others by its warm ones. p99 of {options.Loads} loads is the slowest.

            | page | load | p50 ms | p90 ms | p99 ms | p50 vs reference | p90 vs reference | p99 vs reference |
            |---|---|---:|---:|---:|---:|---:|---:|
            """);
        var over = new List<string>();
        // Each page's rows together, in the order the pages were first measured.
        var pages = samples.Measured.Select(m => m.Page).Distinct().ToList();
        foreach (var (page, load) in samples.Measured.OrderBy(m => pages.IndexOf(m.Page)))
        {
            var reference = load == PageLoadRun.Cold ? PageLoadRun.Cold : PageLoadRun.Warm;
            var ms = Percents.Select(p => samples.Percentile(page, load, p)).ToList();
            var ratios = Percents.Select(p => samples.Percentile(page, load, p) / samples.Percentile(TimedPage.ReferenceName, reference, p));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {page} | {load} | {string.Join(" | ", ms.Select(m => m.ToString("F1", CultureInfo.InvariantCulture)))} | {string.Join(" | ", ratios.Select(r => r.ToString("F1", CultureInfo.InvariantCulture) + "×"))} |");
            if (page != TimedPage.ReferenceName && !page.EndsWith(TimedPage.CopySuffix, StringComparison.Ordinal) && ms[1] > TargetMs)
            {
                over.Add($"{page} ({load}, {ms[1].ToString("F0", CultureInfo.InvariantCulture)} ms)");
            }
        }

        text.AppendLine();
        text.AppendLine(over.Count == 0
            ? $"Every dashboard figure is under {TargetMs} ms at p90."
            : $"Over {TargetMs} ms at p90: {string.Join("; ", over)}.");
        if (options.Snapshots is not null)
        {
            AgainstCopies(text, samples, pages);
        }

        return text.ToString();
    }

    /// <summary>
    /// Each page against its static copy, loaded the same way in the same rounds: what the store and the
    /// server add to a page, apart from what the browser takes to show that HTML.
    /// </summary>
    private static void AgainstCopies(StringBuilder text, Samples samples, List<string> pages)
    {
        text.AppendLine("""

            ### Each page against its own HTML served static

            Before the browser runs, `bench/dashboard.sh` saves each page as HookRelay served it; the bare Kestrel app serves those bytes from a file (`/snapshot/…`), with no store behind them. Each page is loaded cold and warm in the same rounds as its copy.

            | page | load | page p50 / p90 ms | static copy p50 / p90 ms | p50 vs copy | p90 vs copy |
            |---|---|---:|---:|---:|---:|
            """);
        foreach (var page in pages.Where(p => samples.Measured.Contains((p + TimedPage.CopySuffix, PageLoadRun.Cold))))
        {
            foreach (var load in new[] { PageLoadRun.Cold, PageLoadRun.Warm })
            {
                var copy = page + TimedPage.CopySuffix;
                string Pair(string name) => string.Create(CultureInfo.InvariantCulture,
                    $"{samples.Percentile(name, load, 50):F1} / {samples.Percentile(name, load, 90):F1}");
                string Ratio(int percent) => string.Create(CultureInfo.InvariantCulture,
                    $"{samples.Percentile(page, load, percent) / samples.Percentile(copy, load, percent):F2}×");
                text.AppendLine(CultureInfo.InvariantCulture, $"| {page} | {load} | {Pair(page)} | {Pair(copy)} | {Ratio(50)} | {Ratio(90)} |");
            }
        }
    }
}

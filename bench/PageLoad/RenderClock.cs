using Microsoft.Playwright;

namespace PageLoad;

/// <summary>
/// Reads, on the browser's own clock, what render-clock.js noted in a page: when the frame showing a
/// section marked <c>data-loaded</c> was produced. Playwright only waits for the figure; its own
/// round trips are not in it.
/// </summary>
internal static class RenderClock
{
    public static string Script { get; } = ReadScript();

    /// <summary>Milliseconds from the navigation's start to the first frame showing <paramref name="section"/> loaded.</summary>
    public static Task<double> SinceNavigationAsync(IPage page, string section) => ShownAsync(page, section, sinceClick: false);

    /// <summary>Milliseconds from the last click in the page to the first frame showing <paramref name="section"/> loaded again.</summary>
    public static Task<double> SinceClickAsync(IPage page, string section) => ShownAsync(page, section, sinceClick: true);

    private static async Task<double> ShownAsync(IPage page, string section, bool sinceClick)
    {
        const string Shown = """
            ([id, sinceClick]) => {
              const clock = window.__renderClock;
              const start = sinceClick ? clock.clicked : 0;
              const mark = start === null ? null : clock.marks.find((m) => m.id === id && m.rendered >= start);
              // In an array: a bare 0 would read as "not yet".
              return mark && mark.shown !== null ? [mark.shown - start] : null;
            }
            """;
        try
        {
            var figure = await page.WaitForFunctionAsync(Shown, new object[] { section, sinceClick });
            return (await figure.JsonValueAsync<double[]>())[0];
        }
        catch (TimeoutException)
        {
            // The dashboard says why a request failed in #error; the reference page has none.
            var error = page.Locator("#error");
            var why = await error.CountAsync() > 0 ? await error.TextContentAsync() : null;
            throw new InvalidOperationException($"{page.Url} never showed #{section} loaded. {why}".TrimEnd());
        }
    }

    private static string ReadScript()
    {
        using var stream = typeof(RenderClock).Assembly.GetManifestResourceStream("render-clock.js")
            ?? throw new InvalidOperationException("render-clock.js is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

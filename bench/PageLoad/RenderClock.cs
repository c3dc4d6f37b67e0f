using System.Globalization;
using Microsoft.Playwright;

namespace PageLoad;

/// <summary>
/// Reads, on the browser's own clock, what render-clock.js noted in a page: when the frame showing a
/// section marked <c>data-loaded</c> was produced, the first one in the document. Playwright only
/// waits for the figure; its own round trips are not in it.
/// </summary>
internal static class RenderClock
{
    public static string Script { get; } = ReadScript();

    /// <summary>Milliseconds from the navigation's start to the first frame showing <paramref name="section"/> loaded.</summary>
    public static async Task<double> SinceNavigationAsync(IPage page, string section) =>
        (await ShownAsync(page, section, takeClick: false)).Shown;

    /// <summary>
    /// Clicks <paramref name="selector"/>, which must open a new document at a URL <paramref name="arrived"/>
    /// accepts, and returns the milliseconds from the click, in the document clicked, to the first frame of
    /// the new document showing <paramref name="section"/> loaded.
    /// </summary>
    public static async Task<double> SinceClickAsync(IPage page, string selector, Func<string, bool> arrived, string section)
    {
        var from = page.Url;
        if (arrived(from))
        {
            throw new InvalidOperationException($"The page is already at {from}: the click's navigation could not be told from it.");
        }

        await page.ClickAsync(selector);
        try
        {
            // Only then is the page's main frame the new document: the one clicked has a marked section too.
            await page.WaitForURLAsync(arrived, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"A click on {selector} at {from} did not navigate where expected; the page is at {page.Url}.");
        }

        var shown = await ShownAsync(page, section, takeClick: true);
        // render-clock.js hands a click to the next document only, and each document's to one figure:
        // without one, this is not a new document opened by this click (the figure would be another's).
        var click = shown.Click ?? throw new InvalidOperationException(
            $"{page.Url} was not opened by the click on {selector} at {from} (no click noted for it): no figure.");
        if (click.From != from)
        {
            throw new InvalidOperationException($"{page.Url} was opened by a click at {click.From}, not by the one on {selector} at {from}: no figure.");
        }

        // Both ends are epoch times on the browser's monotonic clock; a click after the navigation it
        // started would be a clock (or bookkeeping) error, not a fast page.
        if (click.At > shown.Origin + 1)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The click on {selector} is noted {click.At - shown.Origin:F1} ms after {page.Url}'s navigation started: no figure."));
        }

        return shown.Origin + shown.Shown - click.At;
    }

    private static async Task<Mark> ShownAsync(IPage page, string section, bool takeClick)
    {
        const string Shown = """
            ([id, takeClick]) => {
              const clock = window.__renderClock;
              // The document's first mark: the overview marks its section again at each refresh.
              const mark = clock.marks.find((m) => m.id === id);
              if (!mark || mark.shown === null) return null;
              const click = takeClick ? clock.click : null;
              if (takeClick) clock.click = null;
              return { shown: mark.shown, origin: performance.timeOrigin, click };
            }
            """;
        try
        {
            var figure = await page.WaitForFunctionAsync(Shown, new object[] { section, takeClick });
            return await figure.JsonValueAsync<Mark>();
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

    /// <summary>What render-clock.js noted: the frame (on the document's clock), the document's time origin and the click that opened it (epoch ms).</summary>
    /// <remarks>Settable properties: Playwright fills them in.</remarks>
    private sealed class Mark
    {
        public double Shown { get; set; }

        public double Origin { get; set; }

        public Click? Click { get; set; }
    }

    private sealed class Click
    {
        public double At { get; set; }

        public string From { get; set; } = "";
    }
}

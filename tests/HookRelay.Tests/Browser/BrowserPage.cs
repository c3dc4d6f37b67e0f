using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace HookRelay.Tests.Browser;

/// <summary>
/// A page in its own browser context, with what its scripts reported: uncaught exceptions and
/// console errors (a failed fetch, a missing script). Disposing closes the context and fails the
/// test if any error was reported and not taken with <see cref="TakeErrors"/>, so every browser
/// test checks for script errors without asking.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _test;
    private readonly ConcurrentQueue<string> _errors = new();

    internal BrowserPage(IBrowserContext context, IPage page, string test)
    {
        _context = context;
        _test = test;
        Page = page;
        page.PageError += (_, error) => _errors.Enqueue($"uncaught: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue($"console.error at {message.Location}: {message.Text}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>The errors reported so far (script errors arrive as events shortly after the page ran them).</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>The errors reported so far, removed so that disposing does not fail on them (for tests that expect errors).</summary>
    public IReadOnlyList<string> TakeErrors()
    {
        var taken = new List<string>();
        while (_errors.TryDequeue(out var error))
        {
            taken.Add(error);
        }

        return taken;
    }

    /// <summary>Saves a full-page screenshot as <c>&lt;test class&gt;.&lt;test&gt;-&lt;step&gt;.png</c> in the artifacts folder and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string step)
    {
        var path = TestArtifacts.ScreenshotPath(_test, step);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        var errors = TakeErrors();
        // The page as it stood when its scripts failed, for the person reading the failure.
        var screenshot = errors.Count > 0 ? await ScreenshotAsync("script-errors") : null;
        await _context.CloseAsync();
        if (errors.Count > 0)
        {
            Assert.Fail(
                $"The page reported {errors.Count} script error(s) (screenshot: {screenshot}):{Environment.NewLine}" +
                string.Join(Environment.NewLine, errors));
        }
    }
}

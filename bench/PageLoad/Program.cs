// Times the dashboard's pages in a real browser for bench/dashboard.sh and writes a Markdown section
// to stdout: from navigation start (or the click on a link or on Search that navigated to the page)
// to the frame that shows the page's data, on the browser's own clock, against a static page loaded
// the same way in the same run.
using Microsoft.Playwright;
using PageLoad;

var options = BenchOptions.Parse(args);
if (!File.Exists(options.Chromium))
{
    Console.Error.WriteLine($"PageLoad: no browser at {options.Chromium} (apt-get install chromium).");
    return 1;
}

using var playwright = await Playwright.CreateAsync();
// The system's Chromium, by path: Playwright never downloads a browser here.
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = options.Chromium,
    Headless = true,
    // No sandbox as root; /dev/shm is often too small in containers.
    Args = ["--no-sandbox", "--disable-dev-shm-usage"],
});

var samples = await new PageLoadRun(browser, options).RunAsync();
Console.Write(ResultsTable.Markdown(samples, options, $"Chromium {browser.Version}"));
return 0;

using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace HookRelay.Tests.Browser;

/// <summary>
/// Debian's Chromium (installed from apt by ./test.sh), headless, driven by Playwright for .NET.
/// Playwright is given the system executable, so it never downloads a browser. One browser serves
/// the whole test run (started on first use, closed when the process exits); every page gets a
/// fresh context, so tests share no cookies or storage and can run in parallel.
/// </summary>
public sealed class HeadlessChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly Lazy<Task<HeadlessChromium>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser, TimeSpan startTime)
    {
        _playwright = playwright;
        Browser = browser;
        StartTime = startTime;
    }

    public IBrowser Browser { get; }

    /// <summary>How long starting the Playwright driver and launching Chromium took.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>The browser the whole test run shares.</summary>
    public static Task<HeadlessChromium> SharedAsync() => Shared.Value;

    /// <summary>
    /// Opens a blank page in a fresh context on <paramref name="screen"/> (a laptop by default).
    /// Screenshots are named after the calling test; JavaScript errors fail it when the page is disposed.
    /// </summary>
    public static async Task<BrowserPage> OpenPageAsync(
        Screen? screen = null,
        [CallerMemberName] string test = "",
        [CallerFilePath] string testFile = "")
    {
        var chromium = await SharedAsync();
        screen ??= Screen.Laptop;
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = screen.Width, Height = screen.Height },
            IsMobile = screen.Mobile,
            HasTouch = screen.Mobile,
            DeviceScaleFactor = screen.DeviceScaleFactor,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        // Well below Playwright's 30 s default: a broken page should fail a test quickly.
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page, $"{Path.GetFileNameWithoutExtension(testFile)}.{test}");
    }

    private static async Task<HeadlessChromium> StartAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {ExecutablePath}, which is missing: run ./test.sh (it installs chromium from apt).");
        }

        var watch = Stopwatch.StartNew();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Playwright 1.64 passes both already; named here because the set-up depends on them.
            Args =
            [
                // Chromium's sandbox does not start as root (test.sh runs as root) or without user namespaces.
                "--no-sandbox",
                // Containers often give /dev/shm only 64 MB; Chromium then crashes rendering large pages.
                "--disable-dev-shm-usage",
            ],
        });
        var chromium = new HeadlessChromium(playwright, browser, watch.Elapsed);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => chromium.Close();
        return chromium;
    }

    private void Close()
    {
        // The test runner kills this process soon after the run, so only a short wait: Chromium
        // also exits by itself once the Playwright driver (its parent) is gone.
        Browser.CloseAsync().Wait(TimeSpan.FromSeconds(3));
        _playwright.Dispose();
    }
}

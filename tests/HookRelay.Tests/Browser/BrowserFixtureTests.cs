using System.Diagnostics;
using Microsoft.Playwright;
using HookRelay.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;
using static Microsoft.Playwright.Assertions;

namespace HookRelay.Tests.Browser;

/// <summary>Proves the browser set-up the dashboard tests stand on, against a tiny real site.</summary>
public sealed class BrowserFixtureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private TinySite _site = null!;

    public async Task InitializeAsync() => _site = await TinySite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Page_WhoseScriptFetchesJson_ShowsTheFetchedValue()
    {
        var chromium = await HeadlessChromium.SharedAsync();
        output.WriteLine($"Chromium {chromium.Browser.Version} started in {chromium.StartTime.TotalMilliseconds:F0} ms (first test to ask starts it).");

        await using var browser = await HeadlessChromium.OpenPageAsync();
        var watch = Stopwatch.StartNew();
        await browser.Page.GotoAsync(_site.Page("/").ToString());
        await Expect(browser.Page.Locator("#greeting")).ToHaveTextAsync(TinySite.Greeting);
        output.WriteLine($"Page loaded and rendered the fetched JSON in {watch.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task Page_WithScriptError_IsReportedByTheErrorCapture()
    {
        await using var browser = await HeadlessChromium.OpenPageAsync();
        await browser.Page.GotoAsync(_site.Page("/broken").ToString());
        await Expect(browser.Page.Locator("#before")).ToBeVisibleAsync();

        await Eventually.TrueAsync(() => browser.Errors.Count > 0, "the page's error is reported");

        var error = Assert.Single(browser.TakeErrors());
        Assert.StartsWith("uncaught:", error, StringComparison.Ordinal);
        Assert.Contains("textContent", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithScriptError_FailsTheTestWhenDisposed()
    {
        var screenshot = TestArtifacts.ScreenshotPath($"{nameof(BrowserFixtureTests)}.{nameof(Page_WithScriptError_FailsTheTestWhenDisposed)}", "script-errors");
        File.Delete(screenshot);
        var browser = await HeadlessChromium.OpenPageAsync();
        await browser.Page.GotoAsync(_site.Page("/broken").ToString());

        await Eventually.TrueAsync(() => browser.Errors.Count > 0, "the page's error is reported");

        var failure = await Assert.ThrowsAsync<FailException>(async () => await browser.DisposeAsync());

        Assert.Contains("1 script error(s)", failure.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(screenshot), $"the failure leaves a screenshot at {screenshot}");
        Assert.Contains("textContent", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screenshot_IsWrittenAsPng()
    {
        await using var browser = await HeadlessChromium.OpenPageAsync();
        await browser.Page.GotoAsync(_site.Page("/").ToString());
        await Expect(browser.Page.Locator("#greeting")).ToHaveTextAsync(TinySite.Greeting);

        var path = await browser.ScreenshotAsync("laptop");

        output.WriteLine($"Screenshot: {path}");
        Assert.StartsWith(TestArtifacts.ScreenshotsFolder, path, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(PngSignature, bytes.Take(PngSignature.Length));
        Assert.True(bytes.Length > 5_000, $"A screenshot of a rendered page should be more than a few bytes; it is {bytes.Length}.");
        Assert.Equal((1366, 768), PngSize(bytes));
    }

    [Fact]
    public async Task PhoneScreen_RendersAtPhoneWidth()
    {
        await using var browser = await HeadlessChromium.OpenPageAsync(Screen.Phone);
        await browser.Page.GotoAsync(_site.Page("/").ToString());
        await Expect(browser.Page.Locator("#greeting")).ToHaveTextAsync(TinySite.Greeting);

        await Expect(browser.Page.Locator("#width")).ToHaveTextAsync("390");
        var path = await browser.ScreenshotAsync("phone");
        var (width, height) = PngSize(await File.ReadAllBytesAsync(path));
        Assert.Equal(390 * 2, width);
        Assert.True(height >= 844 * 2, $"A full-page phone screenshot is at least one screen tall; it is {height} px.");
    }

    /// <summary>Width and height from the PNG header (the IHDR chunk right after the signature).</summary>
    private static (int Width, int Height) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)),
         System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
}

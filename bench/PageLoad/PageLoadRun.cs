using System.Web;
using Microsoft.Playwright;

namespace PageLoad;

/// <summary>
/// Loads every page in turn, round after round, so the reference and the dashboard share whatever
/// else the machine is doing: cold (a new browser context: no cache, no open connection), warm (one
/// context kept, a full navigation again), and, from inside the dashboard, a click on a page's header
/// link and a search by actor, each a full navigation to the page the server renders. The first rounds
/// warm the server and the browser and are not counted.
/// </summary>
internal sealed class PageLoadRun(IBrowser browser, BenchOptions options)
{
    public const string Cold = "cold", Warm = "warm", Switch = "switch", Search = "search by actor";

    private readonly IReadOnlyList<TimedPage> _pages = TimedPage.All(options.Dashboard, options.Reference, options.Snapshots);
    private readonly Samples _samples = new();

    public async Task<Samples> RunAsync()
    {
        await using var warmContext = await NewContextAsync();
        var warm = await warmContext.NewPageAsync();
        await using var appContext = await NewContextAsync();
        var app = await appContext.NewPageAsync();
        // Between rounds the dashboard rests on its last page, okta, which does not refresh itself
        // as the overview does (that would load the server under the other measurements).
        var switches = _pages.Where(p => p.IsDashboard).ToList();
        await app.GotoAsync(switches[^1].Url.ToString());
        await RenderClock.SinceNavigationAsync(app, switches[^1].Section);

        for (var round = 0; round < options.WarmUp + options.Loads; round++)
        {
            var counted = round >= options.WarmUp;
            foreach (var page in _pages)
            {
                Note(counted, page.Name, Cold, await ColdAsync(page));
                Note(counted, page.Name, Warm, await WarmAsync(warm, page));
            }

            foreach (var page in switches)
            {
                var url = page.Url.ToString();
                Note(counted, page.Name, Switch, await RenderClock.SinceClickAsync(app, page.Link!, u => u == url, page.Section));
                if (page.Section == "events")
                {
                    Note(counted, page.Name, Search, await SearchByActorAsync(app, page));
                }
            }
        }

        return _samples;
    }

    private async Task<double> ColdAsync(TimedPage page)
    {
        await using var context = await NewContextAsync();
        var tab = await context.NewPageAsync();
        await tab.GotoAsync(page.Url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        return await RenderClock.SinceNavigationAsync(tab, page.Section);
    }

    private static async Task<double> WarmAsync(IPage tab, TimedPage page)
    {
        // Through a blank page, so that every warm load, the reference's too, starts from the same
        // place: not from another page of the same site.
        await tab.GotoAsync("about:blank");
        await tab.GotoAsync(page.Url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        return await RenderClock.SinceNavigationAsync(tab, page.Section);
    }

    /// <summary>The events page's search form is a GET to the page itself: Search opens /events?actor=… (the next switch opens /events again, unfiltered).</summary>
    private async Task<double> SearchByActorAsync(IPage app, TimedPage events)
    {
        await app.FillAsync("#search [name=actor]", options.Actor);
        var ms = await RenderClock.SinceClickAsync(app, "#search button", url => IsSearchByActor(url, events.Url), events.Section);
        if (await app.Locator("#event-list tbody tr").CountAsync() == 0)
        {
            throw new InvalidOperationException($"The search by actor {options.Actor} found nothing: the figure would not be a search's.");
        }

        return ms;
    }

    private bool IsSearchByActor(string url, Uri events)
    {
        var uri = new Uri(url);
        return uri.GetLeftPart(UriPartial.Path) == events.GetLeftPart(UriPartial.Path)
            && HttpUtility.ParseQueryString(uri.Query)["actor"] == options.Actor;
    }

    private void Note(bool counted, string page, string load, double ms)
    {
        if (counted)
        {
            _samples.Add(page, load, ms);
        }
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        // A search by actor on a million events takes seconds on a busy machine.
        context.SetDefaultTimeout(60_000);
        await context.AddInitScriptAsync(RenderClock.Script);
        return context;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HookRelay.Tests.Browser;

/// <summary>
/// A few pages on a real Kestrel socket on loopback, to prove the browser set-up without the
/// dashboard: a page whose script fetches JSON from the same server and renders it, and a page
/// whose script throws.
/// </summary>
internal sealed class TinySite : IAsyncDisposable
{
    public const string Greeting = "Hello from Kestrel";

    private const string FetchingPage = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <link rel="icon" href="data:,">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Tiny site</title>
          <style>
            body { font-family: sans-serif; margin: 0; padding: 1rem; background: #f4f6f8; }
            .card { background: #fff; border-left: 6px solid #2e7d32; padding: 1rem; border-radius: 6px; max-width: 40rem; }
            .wide { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1rem; }
            .wide div { flex: 1 1 8rem; background: #1565c0; color: #fff; padding: 1rem; border-radius: 4px; }
          </style>
        </head>
        <body>
          <div class="card">
            <h1>Tiny site</h1>
            <p>Greeting: <strong id="greeting">loading…</strong></p>
            <p>Width: <span id="width"></span> px</p>
          </div>
          <div class="wide"><div>one</div><div>two</div><div>three</div><div>four</div></div>
          <script>
            document.getElementById('width').textContent = String(window.innerWidth);
            fetch('/api/greeting')
              .then(response => response.json())
              .then(body => { document.getElementById('greeting').textContent = body.greeting; });
          </script>
        </body>
        </html>
        """;

    private const string BrokenPage = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8">
          <link rel="icon" href="data:,"><title>Broken</title></head>
        <body>
          <p id="before">before the error</p>
          <script>
            document.getElementById('missing').textContent = 'never';
          </script>
        </body>
        </html>
        """;

    private readonly WebApplication _app;

    private TinySite(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<TinySite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(FetchingPage, "text/html; charset=utf-8"));
        app.MapGet("/broken", () => Results.Content(BrokenPage, "text/html; charset=utf-8"));
        app.MapGet("/api/greeting", () => Results.Json(new Dictionary<string, string> { ["greeting"] = Greeting }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TinySite(app, new Uri(address));
    }

    public Uri Page(string path) => new(Address, path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

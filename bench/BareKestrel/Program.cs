// The reference for bench/run.sh: Kestrel with one endpoint that reads the whole body and answers
// 204, with nothing else, so HookRelay's figures can be read as a fraction of what Kestrel
// alone does on the same machine. The listen address comes from --urls. GET / is the reference
// for bench/PageLoad: a tiny static page, what loading any page costs the browser on this machine,
// and /snapshot/{page} serves saved copies of the dashboard's pages (below).
var builder = WebApplication.CreateSlimBuilder(args);

// Hosting logs every request at Information; HookRelay silences it the same way.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var app = builder.Build();
app.MapPost("/hooks/okta", async (HttpRequest request, CancellationToken cancellationToken) =>
{
    // Consume the body without copying it: the least any receiver has to do.
    var reader = request.BodyReader;
    while (true)
    {
        var result = await reader.ReadAsync(cancellationToken);
        reader.AdvanceTo(result.Buffer.End);
        if (result.IsCompleted)
        {
            break;
        }
    }

    return Results.NoContent();
});

// Marked data-loaded in the HTML itself, as the dashboard marks a page once its data has rendered.
const string ReferencePage = """
    <!doctype html>
    <html lang="en">
    <head><meta charset="utf-8"><title>Reference</title><link rel="icon" href="data:,"></head>
    <body><main id="page" data-loaded><h1>Reference</h1><p>A static page with nothing to fetch.</p></main></body>
    </html>
    """;
app.MapGet("/", () => Results.Content(ReferencePage, "text/html; charset=utf-8"));

// GET /snapshot/{page}: a dashboard page's HTML as HookRelay served it, saved by bench/dashboard.sh
// into the folder given as --snapshots. The same bytes with no store behind them: what the browser
// alone takes to show that page, so a page's figure can be read against its own static copy.
var snapshots = builder.Configuration["snapshots"];
if (snapshots is not null)
{
    app.MapGet("/snapshot/{page}", (string page) =>
    {
        // A name of lowercase letters only: nothing outside the folder can be named.
        var path = Path.Combine(snapshots, page + ".html");
        return page.All(char.IsAsciiLetterLower) && File.Exists(path)
            ? Results.Bytes(File.ReadAllBytes(path), "text/html; charset=utf-8")
            : Results.NotFound();
    });
}

await app.RunAsync();

// The reference for bench/run.sh: Kestrel with one endpoint that reads the whole body and answers
// 204, with nothing else, so HookRelay's figures can be read as a fraction of what Kestrel
// alone does on the same machine. The listen address comes from --urls.
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

await app.RunAsync();

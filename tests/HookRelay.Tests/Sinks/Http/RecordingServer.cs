using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HookRelay.Tests.Sinks.Http;

/// <summary>
/// A real Kestrel server on a free loopback port that records every request and answers as told
/// by <see cref="Reply"/>; with <see cref="VerificationSecret"/> set it checks each request's
/// Standard Webhooks signature with <see cref="IndependentVerifier"/> as it arrives.
/// </summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly WebApplication _app;

    private RecordingServer(WebApplication app)
    {
        _app = app;
        app.Run(HandleAsync);
    }

    public Uri Url => new(new Uri(_app.Urls.First()), "/ingest");

    public ServerReply Reply { get; set; } = new(204);

    /// <summary>When set, chooses the reply from the request (overrides <see cref="Reply"/>).</summary>
    public Func<RecordedRequest, ServerReply>? Responder { get; set; }

    public string? VerificationSecret { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public RecordedRequest OnlyRequest() => Assert.Single(Requests);

    /// <param name="port">A fixed port, to bring a receiver up where a sink was refused before; 0 picks a free one.</param>
    public static async Task<RecordingServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var server = new RecordingServer(builder.Build());
        await server._app.StartAsync();
        return server;
    }

    /// <summary>A loopback port with nothing listening: bound, noted, released.</summary>
    public static Uri RefusingUrl()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/ingest");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.ToArray();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        bool? valid = VerificationSecret is { } secret
            ? IndependentVerifier.Verify(secret, headers.GetValueOrDefault("webhook-id"), headers.GetValueOrDefault("webhook-timestamp"), bytes, headers.GetValueOrDefault("webhook-signature"))
            : null;
        var request = new RecordedRequest(context.Request.Method, context.Request.Path, headers, bytes, valid, System.Diagnostics.Stopwatch.GetTimestamp());
        _requests.Enqueue(request);

        var reply = Responder?.Invoke(request) ?? Reply;
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
        }

        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (reply.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }

        if (reply.Body is { } text)
        {
            await context.Response.WriteAsync(text, context.RequestAborted);
        }
    }
}

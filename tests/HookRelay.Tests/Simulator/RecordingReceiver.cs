using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HookRelay.Tests.Simulator;

/// <summary>
/// A hook endpoint on a real Kestrel socket that records every request the simulated org sends
/// and answers as the test says (a status code, after an optional pause).
/// </summary>
public sealed class RecordingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private int _count;

    private RecordingReceiver(Func<int, (int Status, TimeSpan Pause)> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hooks/sim", async (HttpContext context) =>
        {
            var index = Interlocked.Increment(ref _count) - 1;
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            _requests.Enqueue(new ReceivedRequest(index, headers, body, Stopwatch.GetTimestamp()));
            var (status, pause) = answer(index);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            context.Response.StatusCode = status;
        });
    }

    public Uri Url => new(_app.Urls.First() + "/hooks/sim");

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests.OrderBy(r => r.Index)];

    /// <summary>Every event received, in arrival order (duplicates included).</summary>
    public IReadOnlyList<string> ReceivedUuids => [.. Requests.SelectMany(r => r.Uuids)];

    public static async Task<RecordingReceiver> StartAsync(Func<int, (int Status, TimeSpan Pause)>? answer = null)
    {
        var receiver = new RecordingReceiver(answer ?? (_ => (200, TimeSpan.Zero)));
        await receiver._app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedRequest(int Index, IReadOnlyDictionary<string, string> Headers, string Body, long Timestamp)
{
    public JsonElement Envelope => JsonDocument.Parse(Body).RootElement;

    public IReadOnlyList<string> Uuids => [.. Envelope.GetProperty("data").GetProperty("events").EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!)];
}

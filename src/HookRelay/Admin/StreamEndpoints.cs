using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HookRelay.Admin;

/// <summary><c>/api/v1/stream</c>: Server-Sent Events of the events this instance stores, as it stores them.</summary>
internal static class StreamEndpoints
{
    public static RouteGroupBuilder MapStreamEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/stream", Stream)
            .WithSummary("Server-Sent Events of events as this instance stores them (type: a glob).")
            .WithDescription("A 'ready' event first says the subscription is live; each 'event' carries {uuid, hook, eventType, published, receivedAt, event}; a 'dropped' event says how many were left out because the client read too slowly.");
        return api;
    }

    internal static ServerSentEventsResult<string> Stream(string? type, EventBroadcaster broadcaster, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(ReadAsync(broadcaster.Subscribe(type), lifetime.ApplicationStopping, cancellationToken));

    private static async IAsyncEnumerable<SseItem<string>> ReadAsync(
        EventSubscription subscription, CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The stream ends when the client goes or the server stops; it must not hold up shutdown.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        using (subscription)
        {
            // Sends the headers at once and tells the client that from here on nothing is missed.
            yield return new SseItem<string>("{}", "ready");
            while (await WaitAsync(subscription.Reader, ended.Token))
            {
                while (subscription.Reader.TryRead(out var item))
                {
                    if (subscription.TakeDropped() is > 0 and var dropped)
                    {
                        yield return new SseItem<string>($$"""{"dropped":{{dropped}}}""", "dropped");
                    }

                    yield return item;
                }
            }
        }
    }

    private static async Task<bool> WaitAsync(ChannelReader<SseItem<string>> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

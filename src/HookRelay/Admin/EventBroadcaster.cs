using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using HookRelay.Storage;

namespace HookRelay.Admin;

/// <summary>
/// Hands events this instance has just stored to the <c>/api/v1/stream</c> clients. Costs the
/// receiver one check when nobody listens, and never waits on a client.
/// </summary>
internal sealed class EventBroadcaster
{
    public const string EventType = "event";

    private readonly ConcurrentDictionary<EventSubscription, byte> _subscribers = new();

    public int Subscribers => _subscribers.Count;

    public EventSubscription Subscribe(string? typeGlob)
    {
        var subscription = new EventSubscription(typeGlob, s => _subscribers.TryRemove(s, out _));
        _subscribers.TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>Called once the delivery is committed, while its body is still in hand.</summary>
    public void Publish(ReceivedDelivery delivery)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }

        foreach (var stored in delivery.Events)
        {
            SseItem<string>? item = null;
            foreach (var subscriber in _subscribers.Keys)
            {
                if (subscriber.Wants(stored.EventType))
                {
                    item ??= Item(delivery, stored);
                    subscriber.Offer(item.Value);
                }
            }
        }
    }

    private static SseItem<string> Item(ReceivedDelivery delivery, ReceivedEvent stored)
    {
        var data = new StreamedEvent(stored.Key, delivery.Hook, stored.EventType, stored.Published, delivery.ReceivedAt, new RawJson(Encoding.UTF8.GetString(stored.Json.Span)));
        return new SseItem<string>(JsonSerializer.Serialize(data, AdminJsonContext.Default.StreamedEvent), EventType) { EventId = stored.Key };
    }
}

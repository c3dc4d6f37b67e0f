using System.Text;
using HookRelay.Receiver;
using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Storage.Contract;

/// <summary>Okta-shaped events with a chosen type, time, actor and targets, for the event search facts.</summary>
internal static class SearchEvents
{
    public static string Actor(string? alternateId, string id) =>
        alternateId is null ? $$"""{"id":"{{id}}","type":"User"}""" : $$"""{"id":"{{id}}","type":"User","alternateId":"{{alternateId}}"}""";

    public static string Event(string uuid, string type = "user.session.start", string published = "2026-08-20T10:00:00.000Z", string? actor = null, string target = "[]") =>
        $$"""{"uuid":"{{uuid}}","published":"{{published}}","eventType":"{{type}}","actor":{{actor ?? Actor("x@example.com", "00ux")}},"target":{{target}}}""";

    public static ReceivedDelivery Delivery(IEnumerable<string> events, string hook = "okta") =>
        DeliveryParser.Parse(hook, Encoding.UTF8.GetBytes(OktaPayloads.Envelope(events)), TimeProvider.System.GetUtcNow()).Delivery!;

    public static List<string> Uuids(StoreUnderTest store, EventSearch search) =>
        [.. store.Events.Search(search).Items.Select(i => i.Summary.Uuid)];
}

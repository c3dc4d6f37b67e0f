using System.Text;
using HookRelay.Receiver;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Receiver;

public sealed class DeliveryParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 8, 20, 14, 3, 30, TimeSpan.Zero);

    [Fact]
    public void Parse_Sample_ReadsEnvelopeAndIndexedFields()
    {
        var body = Encoding.UTF8.GetBytes(OktaPayloads.TwoEventSample);

        var result = DeliveryParser.Parse("okta", body, ReceivedAt);

        var delivery = Assert.IsType<HookRelay.Storage.ReceivedDelivery>(result.Delivery);
        Assert.Equal("5f0c2a9e-3b7d-4c61-9a2e-8d4f1b6c7e90", delivery.EnvelopeEventId);
        Assert.Equal("https://acme-demo.okta.com/api/v1/eventHooks/whoA7kQ2xN9pL4sT0h7d", delivery.Source);
        Assert.Equal("2026-08-20T14:03:27.512Z", delivery.EventTime);
        Assert.Collection(
            delivery.Events,
            e =>
            {
                Assert.Equal("3c9e1f70-7e8b-11f1-9b2a-5d3c8e2f4a61", e.Key);
                Assert.False(e.KeyIsDerived);
                Assert.Equal("user.session.start", e.EventType);
                Assert.Equal(new DateTimeOffset(2026, 8, 20, 14, 3, 15, 208, TimeSpan.Zero), e.PublishedAt);
            },
            e => Assert.Equal("group.user_membership.add", e.EventType));
    }

    [Fact]
    public void Parse_EventSlices_AreTheExactBytesOfEachEvent()
    {
        const string first = """{ "uuid" : "a",  "nested": {"uuid":"inner"} }""";
        const string second = """{"uuid":"b","eventType":"x"}""";
        var body = Encoding.UTF8.GetBytes($$$"""{"data":{"events":[ {{{first}}} ,{{{second}}}]}}""");

        var events = DeliveryParser.Parse("okta", body, ReceivedAt).Delivery!.Events;

        Assert.Equal(first, Encoding.UTF8.GetString(events[0].Json.Span));
        Assert.Equal("a", events[0].Key);
        Assert.Equal(second, Encoding.UTF8.GetString(events[1].Json.Span));
        Assert.Equal(first, Encoding.UTF8.GetString(body, events[0].BodyOffset, events[0].Json.Length));
    }

    [Fact]
    public void Parse_WithByteOrderMark_OffsetsCountFromTheBodyStart()
    {
        var body = Encoding.UTF8.GetBytes("\uFEFF{\"data\":{\"events\":[{\"uuid\":\"a\"}]}}");

        var e = DeliveryParser.Parse("okta", body, ReceivedAt).Delivery!.Events[0];

        Assert.Equal("{\"uuid\":\"a\"}", Encoding.UTF8.GetString(body, e.BodyOffset, e.Json.Length));
    }

    [Fact]
    public void Parse_SameEventWithoutUuid_DerivesTheSameKey()
    {
        var body = Encoding.UTF8.GetBytes("""{"data":{"events":[{"eventType":"x"},{"eventType":"x"},{"eventType":"y"}]}}""");

        var events = DeliveryParser.Parse("okta", body, ReceivedAt).Delivery!.Events;

        Assert.All(events, e => Assert.True(e.KeyIsDerived));
        Assert.Equal(events[0].Key, events[1].Key);
        Assert.NotEqual(events[0].Key, events[2].Key);
        Assert.StartsWith("sha256:", events[0].Key, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepeatedEventsKey_KeepsEventsOfBoth()
    {
        var body = Encoding.UTF8.GetBytes("""{"data":{"events":[{"uuid":"a"}],"events":[{"uuid":"b"}]}}""");

        var events = DeliveryParser.Parse("okta", body, ReceivedAt).Delivery!.Events;

        Assert.Equal(["a", "b"], events.Select(e => e.Key));
    }

    [Fact]
    public void Parse_UnparseablePublished_KeepsTextWithoutTimestamp()
    {
        var body = Encoding.UTF8.GetBytes("""{"data":{"events":[{"uuid":"a","published":"yesterday"}]}}""");

        var e = DeliveryParser.Parse("okta", body, ReceivedAt).Delivery!.Events[0];

        Assert.Equal("yesterday", e.Published);
        Assert.Null(e.PublishedAt);
    }

    [Fact]
    public void Parse_ActorAndTargets_GivesTheirStringIdsOnceEach()
    {
        const string actor = """{"id":"00ua","type":"User","alternateId":"alice@example.com","detailEntry":{"id":"nested"}}""";
        const string targets = """[{"id":"0oa1","alternateId":"Salesforce"},{"id":"0oa1"},{"id":"00ua","alternateId":"00ua"},"loose",{"id":7,"alternateId":null},{"alternat\u0065Id":"escaped"}]""";
        var body = Encoding.UTF8.GetBytes($$$"""{"data":{"events":[{"uuid":"a","actor":{{{actor}}},"target":{{{targets}}},"eventType":"user.session.start"}]}}""");

        var e = DeliveryParser.Parse("okta", body, ReceivedAt).Delivery!.Events[0];

        Assert.Equal(["00ua", "alice@example.com"], e.ActorIds);
        Assert.Equal(["0oa1", "Salesforce", "00ua", "escaped"], e.TargetIds);
        Assert.Equal("user.session.start", e.EventType);
    }

    [Theory]
    [InlineData("\"system\"", "{\"id\":\"00g1\"}")]
    [InlineData("[{\"id\":\"00ua\"}]", "null")]
    [InlineData("null", "[[{\"id\":\"00g1\"}]]")]
    [InlineData("{\"id\":{\"id\":\"00ua\"},\"alternateId\":true}", "[]")]
    public void Parse_ActorOrTargetOfAnotherShape_GivesNoIds(string actor, string target)
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"data":{"events":[{"uuid":"a","actor":{{{actor}}},"target":{{{target}}},"eventType":"x"},{"uuid":"b"}]}}""");

        var events = DeliveryParser.Parse("okta", body, ReceivedAt).Delivery!.Events;

        Assert.Empty(events[0].ActorIds);
        Assert.Empty(events[0].TargetIds);
        Assert.Equal("x", events[0].EventType);
        Assert.Equal("b", events[1].Key);
    }

    [Fact]
    public void Parse_DepthBeyondLimit_Fails()
    {
        var deep = "{\"data\":{\"events\":[" + string.Concat(Enumerable.Repeat("{\"a\":", DeliveryParser.MaxDepth)) + "1" + new string('}', DeliveryParser.MaxDepth) + "]}}";

        var result = DeliveryParser.Parse("okta", Encoding.UTF8.GetBytes(deep), ReceivedAt);

        Assert.Null(result.Delivery);
        Assert.Contains("depth", result.Error, StringComparison.OrdinalIgnoreCase);
    }
}

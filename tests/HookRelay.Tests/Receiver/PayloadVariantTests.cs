using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Receiver;

/// <summary>Okta's payloads vary across versions; every real-shaped variant must be stored, exactly.</summary>
public sealed class PayloadVariantTests : IAsyncLifetime
{
    private RunningHookRelay _server = null!;

    public async Task InitializeAsync() => _server = await RunningHookRelay.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Post_Sample_StoresEachEventExactlyAsReceived()
    {
        var sample = OktaPayloads.TwoEventSample;

        using var response = await _server.PostAsync(sample);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var document = JsonDocument.Parse(sample);
        foreach (var element in document.RootElement.GetProperty("data").GetProperty("events").EnumerateArray())
        {
            var uuid = element.GetProperty("uuid").GetString()!;
            Assert.Equal(element.GetRawText(), StoreQueries.EventJson(_server.DatabasePath, uuid));
        }
    }

    [Fact]
    public async Task Post_WithNullsDropped_StoresEvents()
    {
        var events = OktaPayloads.SampleEvents();
        foreach (var e in events)
        {
            DropNulls(e!);
        }

        var uuids = Retag(events);
        using var response = await _server.PostAsync(OktaPayloads.Envelope(events.Select(e => e!.ToJsonString())));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Superset(uuids.ToHashSet(), StoreQueries.AllUuids(_server.DatabasePath));
    }

    [Fact]
    public async Task Post_WithNumbersWhereStringsAreDocumented_StoresEvents()
    {
        const string body = """
            {"eventId":12345,"data":{"events":[
              {"uuid":987654321,"eventType":"user.session.start","published":1755698595208,"version":0,"severity":"INFO","client":{"zone":null,"ipAddress":3232235777}}
            ]}}
            """;

        using var response = await _server.PostAsync(body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, StoreQueries.Scalar(_server.DatabasePath, "SELECT COUNT(*) FROM events WHERE uuid = '987654321' AND uuid_derived = 0"));
        Assert.Equal(1, StoreQueries.Scalar(_server.DatabasePath, "SELECT COUNT(*) FROM deliveries WHERE envelope_event_id = '12345'"));
    }

    [Fact]
    public async Task Post_WithUnknownFieldsAndUnicode_StoresThemByteForByte()
    {
        var uuid = Guid.NewGuid().ToString();
        var evt = $$$"""{"uuid":"{{{uuid}}}","eventType":"user.account.update_profile","displayMessage":"Profil mis à jour ✓ — 東京 🚀","futureField":{"nested":[1,2,{"x":"\u00e9"}]},"published":"2026-08-20T14:03:15.208Z"}""";

        using var response = await _server.PostAsync(OktaPayloads.Envelope([evt]) + "\n");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(evt, StoreQueries.EventJson(_server.DatabasePath, uuid));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public async Task Post_ManyEventsInOneDelivery_StoresAll(int count)
    {
        var (body, uuids) = OktaPayloads.Fresh(count);

        using var response = await _server.PostAsync(body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Superset(uuids.ToHashSet(), StoreQueries.AllUuids(_server.DatabasePath));
    }

    [Fact]
    public async Task Post_EventsWithoutUuid_StoresThemUnderDerivedKeyAndFlagsThem()
    {
        var marker = Guid.NewGuid().ToString("N");
        var withoutUuid = $$$"""{"eventType":"user.session.start","displayMessage":"{{{marker}}}"}""";
        var emptyUuid = $$$"""{"uuid":"","eventType":"user.session.end","displayMessage":"{{{marker}}}"}""";

        using var first = await _server.PostAsync(OktaPayloads.Envelope([withoutUuid, emptyUuid]));
        using var again = await _server.PostAsync(OktaPayloads.Envelope([withoutUuid]));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(2, StoreQueries.Scalar(_server.DatabasePath, "SELECT COUNT(*) FROM event_documents WHERE uuid_derived = 1 AND uuid LIKE 'sha256:%' AND json LIKE $m", ("$m", $"%{marker}%")));
    }

    [Fact]
    public async Task Post_EmptyEventsArray_Returns204AndStoresDelivery()
    {
        var eventId = Guid.NewGuid().ToString();

        using var response = await _server.PostAsync(OktaPayloads.Envelope([], eventId));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, StoreQueries.Scalar(_server.DatabasePath, "SELECT COUNT(*) FROM deliveries WHERE envelope_event_id = $id", ("$id", eventId)));
    }

    [Fact]
    public async Task Post_WithByteOrderMark_Returns204()
    {
        var (body, uuids) = OktaPayloads.Fresh(1);
        using var request = RunningHookRelay.Delivery(body);
        request.Content = new ByteArrayContent([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(body)]);
        request.Content.Headers.ContentType = new("application/json");

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(uuids[0], StoreQueries.AllUuids(_server.DatabasePath));
    }

    public static TheoryData<string, string, string> HostileBodies() => new()
    {
        { "truncated", """{"data":{"events":[{"uuid":"a","eventType":"user""", "not valid JSON" },
        { "trailing garbage", """{"data":{"events":[]}} {"more":1}""", "not valid JSON" },
        { "empty", "", "not valid JSON" },
        { "array body", """[{"uuid":"a"}]""", "must be a JSON object" },
        { "null body", "null", "must be a JSON object" },
        { "no data", """{"eventId":"x"}""", "no data.events" },
        { "data is array", """{"data":[]}""", "data must be a JSON object" },
        { "data.events is a string", """{"data":{"events":"[]"}}""", "data.events must be an array" },
        { "event is a string", """{"data":{"events":[{"uuid":"a"},"b"]}}""", "data.events[1] must be a JSON object" },
        { "event is null", """{"data":{"events":[null]}}""", "data.events[0] must be a JSON object" },
        { "deeply nested", "{\"data\":{\"events\":[{\"x\":" + new string('[', 200) + new string(']', 200) + "}]}}", "depth" },
        { "comments", """{"data":{"events":[]} /* hi */}""", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Post_HostileBody_Returns400ProblemNamingTheFault(string name, string body, string expected)
    {
        using var response = await _server.PostAsync(body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response.StatusCode}");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, StoreQueries.EventCount(_server.DatabasePath));
    }

    [Fact]
    public async Task Post_InvalidUtf8_Returns400()
    {
        using var request = RunningHookRelay.Delivery("{}");
        request.Content = new ByteArrayContent([.. "{\"data\":{\"events\":[{\"uuid\":\""u8.ToArray(), 0xC3, 0x28, .. "\"}]}}"u8.ToArray()]);
        request.Content.Headers.ContentType = new("application/json");

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_HugeStringWithinLimit_IsStored()
    {
        var uuid = Guid.NewGuid().ToString();
        var huge = new string('x', 3 * 1024 * 1024);
        var evt = $$$"""{"uuid":"{{{uuid}}}","eventType":"user.session.start","displayMessage":"{{{huge}}}"}""";

        using var response = await _server.PostAsync(OktaPayloads.Envelope([evt]));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(evt.Length, StoreQueries.Scalar(_server.DatabasePath, "SELECT length(json) FROM event_documents WHERE uuid = $u", ("$u", uuid)));
    }

    [Fact]
    public async Task Post_LoneSurrogateEscapes_AreStoredNotRejected()
    {
        var evt = """{"uuid":"\ud800","eventType":"user.session.\udfff","published":"\ud800"}""";
        var body = $$$"""{"eventId":"\udc00","source":"\ud800","data":{"events":[{{{evt}}}]}}""";

        using var response = await _server.PostAsync(body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, StoreQueries.Scalar(_server.DatabasePath, "SELECT COUNT(*) FROM event_documents WHERE uuid_derived = 1 AND json = $j", ("$j", evt)));
    }

    [Fact]
    public async Task Post_MoreEventsThanAllowed_Returns413NamingTheSetting()
    {
        await using var server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Hooks:okta:MaxEventsPerDelivery"] = "100" });
        var (atLimit, _) = OktaPayloads.Fresh(100);
        var overLimit = OktaPayloads.Envelope(Enumerable.Repeat("{}", 101));

        using var accepted = await server.PostAsync(atLimit);
        using var refused = await server.PostAsync(overLimit);

        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("MaxEventsPerDelivery", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(100, StoreQueries.EventCount(server.DatabasePath));
    }

    [Fact]
    public async Task Post_HugeUuid_IsKeptUnderDerivedKey()
    {
        var evt = $$$"""{"uuid":"{{{new string('u', 5000)}}}","eventType":"user.session.start"}""";

        using var response = await _server.PostAsync(OktaPayloads.Envelope([evt]));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, StoreQueries.Scalar(_server.DatabasePath, "SELECT COUNT(*) FROM events WHERE uuid_derived = 1 AND length(uuid) < 100"));
    }

    private static void DropNulls(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                obj.Remove(key);
            }

            foreach (var child in obj.Select(p => p.Value).ToList())
            {
                DropNulls(child!);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array.Where(c => c is not null))
            {
                DropNulls(child!);
            }
        }
    }

    /// <summary>Gives the sample's events fresh uuids so tests do not collide in one store.</summary>
    private static List<string> Retag(JsonArray events)
    {
        var uuids = new List<string>();
        foreach (var e in events)
        {
            var uuid = Guid.NewGuid().ToString();
            e!["uuid"] = uuid;
            uuids.Add(uuid);
        }

        return uuids;
    }
}

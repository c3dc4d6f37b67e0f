using System.Net;
using System.Text.Json;

namespace HookRelay.Tests.Admin;

/// <summary><c>/openapi/v1.json</c>: the admin API described by the app itself.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task Document_ListsEveryAdminEndpointAndOnlyThose()
    {
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server);

        var document = await AdminApi.GetJsonAsync(client, "/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateObject().Select(m => m.Name).ToHashSet());
        Assert.Equal(
            ["/api/v1/deadletters", "/api/v1/events", "/api/v1/events/{uuid}", "/api/v1/okta", "/api/v1/okta/{org}/backfill", "/api/v1/overview", "/api/v1/replay", "/api/v1/sinks", "/api/v1/stream"],
            paths.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("post", paths["/api/v1/replay"]);
        Assert.Contains("post", paths["/api/v1/okta/{org}/backfill"]);
        Assert.Contains("get", paths["/api/v1/events"]);
        var parameters = document.GetProperty("paths").GetProperty("/api/v1/events").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Equal("http", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
        Assert.Equal(["since", "until", "type", "hook", "provenance", "actor", "target", "limit", "cursor"], parameters);
        var sinks = document.GetProperty("paths").GetProperty("/api/v1/sinks").GetProperty("get").GetProperty("description").GetString();
        Assert.Contains("delivered is the sink's deliveries all time", sinks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_WithoutToken_Returns401()
    {
        await using var server = await AdminApi.StartAsync();
        using var client = AdminApi.Client(server, token: null);

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

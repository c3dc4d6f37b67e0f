using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Receiver;

/// <summary>Every status code of /hooks/{name} in PRODUCT.md's contract, over a real socket.</summary>
public sealed class StatusCodeTests : IAsyncLifetime
{
    private RunningHookRelay _server = null!;

    public async Task InitializeAsync() =>
        _server = await RunningHookRelay.StartAsync(new Dictionary<string, string?> { ["Hooks:okta:MaxBodyBytes"] = "8192" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Post_SampleDelivery_Returns204WithEmptyBodyAndStoresBothEvents()
    {
        using var response = await _server.PostAsync(Compact(OktaPayloads.TwoEventSample));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, StoreQueries.EventCount(_server.DatabasePath));
        Assert.Equal(1, StoreQueries.Scalar(_server.DatabasePath, "SELECT COUNT(*) FROM deliveries WHERE envelope_event_id = '5f0c2a9e-3b7d-4c61-9a2e-8d4f1b6c7e90' AND source LIKE '%whoA7kQ2xN9pL4sT0h7d' AND event_time = '2026-08-20T14:03:27.512Z'"));
    }

    [Fact]
    public async Task Post_WithWrongSecret_Returns401AndStoresNothing()
    {
        const string wrong = "a-wrong-secret-that-must-not-be-echoed";
        var (body, _) = OktaPayloads.Fresh(1);

        using var response = await _server.PostAsync(body, wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(wrong, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.Primary, problem, StringComparison.Ordinal);
        Assert.Equal(0, StoreQueries.EventCount(_server.DatabasePath));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("primary-secret-0123456789-abcdefghi")] // one character short
    [InlineData("primary-secret-0123456789-abcdefghijk")] // one character long
    [InlineData("Bearer primary-secret-0123456789-abcdefghij")]
    public async Task Post_WithMissingOrNearMissSecret_Returns401(string? secret)
    {
        var (body, _) = OktaPayloads.Fresh(1);

        using var response = await _server.PostAsync(body, secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_ToUnknownHook_Returns404Problem()
    {
        var (body, _) = OktaPayloads.Fresh(1);

        using var response = await _server.PostAsync(body, hook: "nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task OtherMethods_Return405WithAllowHeader(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/hooks/okta") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Post_LargerThanMaxBodyBytes_Returns413()
    {
        var (body, _) = OktaPayloads.Fresh(80);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 8192);

        using var response = await _server.PostAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("8192", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, StoreQueries.EventCount(_server.DatabasePath));
    }

    [Fact]
    public async Task Post_ChunkedLargerThanMaxBodyBytes_Returns413()
    {
        var (body, _) = OktaPayloads.Fresh(80);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/okta") { Content = new ChunkedContent(Encoding.UTF8.GetBytes(body)) };
        request.Headers.TryAddWithoutValidation("Authorization", TestSecrets.Primary);

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_ChunkedWithinLimit_Returns204()
    {
        var (body, uuids) = OktaPayloads.Fresh(2);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/okta") { Content = new ChunkedContent(Encoding.UTF8.GetBytes(body)) };
        request.Headers.TryAddWithoutValidation("Authorization", TestSecrets.Primary);

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Superset(uuids.ToHashSet(), StoreQueries.AllUuids(_server.DatabasePath));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Post_NotJson_Returns415(string? contentType)
    {
        var (body, _) = OktaPayloads.Fresh(1);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/okta") { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", TestSecrets.Primary);

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, StoreQueries.EventCount(_server.DatabasePath));
    }

    [Fact]
    public async Task Post_JsonWithCharset_Returns204()
    {
        var (body, _) = OktaPayloads.Fresh(1);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/okta") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", TestSecrets.Primary);

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Post_Malformed_Returns400ProblemThatSaysWhatIsWrong()
    {
        using var response = await _server.PostAsync("""{"data":{"events":{"uuid":"x"}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("data.events must be an array of events, but it is an object.", problem.RootElement.GetProperty("detail").GetString());
    }

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }

    /// <summary>Content without a length, so the request goes out with Transfer-Encoding: chunked.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

using HookRelay.Okta;
using HookRelay.Tests.Sinks.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace HookRelay.Tests.Okta;

/// <summary>The Okta client against a server that misbehaves the way Okta sometimes does.</summary>
public sealed class OktaClientResilienceTests
{
    [Fact]
    public async Task ServerErrors_AreRetriedUntilOktaAnswers()
    {
        await using var okta = await RecordingServer.StartAsync();
        var calls = 0;
        okta.Responder = _ => Interlocked.Increment(ref calls) <= 2 ? new ServerReply(503, "busy") : new ServerReply(200, "[]");

        var page = await Client(TimeSpan.FromSeconds(10)).GetLogPageAsync(okta.Url, CancellationToken.None);

        Assert.Empty(page.Events);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task ATimeout_IsRetried()
    {
        await using var okta = await RecordingServer.StartAsync();
        var calls = 0;
        okta.Responder = _ => Interlocked.Increment(ref calls) == 1 ? new ServerReply(200, "[]", Delay: TimeSpan.FromSeconds(5)) : new ServerReply(200, """[{"uuid":"a"}]""");

        var page = await Client(TimeSpan.FromSeconds(1)).GetLogPageAsync(okta.Url, CancellationToken.None);

        Assert.Single(page.Events);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task AClientError_IsNotRetriedAndSaysWhatOktaSaid()
    {
        await using var okta = await RecordingServer.StartAsync();
        var calls = 0;
        okta.Responder = _ =>
        {
            Interlocked.Increment(ref calls);
            return new ServerReply(400, """{"errorCode":"E0000031","errorSummary":"Invalid search criteria.","errorCauses":[]}""");
        };

        var error = await Assert.ThrowsAsync<OktaApiException>(() => Client(TimeSpan.FromSeconds(10)).GetLogPageAsync(okta.Url, CancellationToken.None));

        Assert.Equal(1, calls);
        Assert.Equal("E0000031", error.ErrorCode);
        Assert.Contains("Invalid search criteria.", error.Message, StringComparison.Ordinal);
    }

    private static OktaApiClient Client(TimeSpan timeout) =>
        new(new HttpClient { Timeout = timeout }, new ApiTokenCredential("00token-0123456789"), TimeProvider.System, NullLogger<OktaApiClient>.Instance);
}

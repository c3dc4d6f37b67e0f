using System.Net;
using HookRelay.Authentication;
using HookRelay.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace HookRelay.Tests.Hooks;

public sealed class AuthFailureLogTests
{
    [Fact]
    public void Rejected_FloodWithinAMinute_LogsAtMostTheLimitThenReportsSuppressed()
    {
        var logs = new CapturedLogs();
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var log = new AuthFailureLog(time, new LoggerFactory([logs]).CreateLogger<AuthFailureLog>());

        for (var i = 0; i < 1000; i++)
        {
            log.Rejected("okta", "203.0.113.9", "secret header Authorization mismatch");
        }

        Assert.Equal(AuthFailureLog.MaxPerWindow, logs.Entries.Count);
        time.Advance(TimeSpan.FromMinutes(1));
        log.Rejected("okta", "203.0.113.9", "secret header Authorization mismatch");
        Assert.Contains(logs.Entries, e => e.Message.StartsWith($"{1000 - AuthFailureLog.MaxPerWindow} further rejected requests", StringComparison.Ordinal));
        Assert.Contains("203.0.113.9", logs.Entries[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithWrongSecret_LogsClientAddressButNeverASecret()
    {
        var logs = new CapturedLogs();
        const string wrong = "attacker-guess-abcdefghijklmnopqrstuvwxyz";
        await using var server = await RunningHookRelay.StartAsync(configure: logs.AddTo);

        using var rejected = await server.PostAsync(OktaPayloads.Fresh(1).Body, wrong);
        using var accepted = await server.PostAsync(OktaPayloads.Fresh(1).Body);
        using var verify = new HttpRequestMessage(HttpMethod.Get, "/hooks/okta");
        verify.Headers.TryAddWithoutValidation("Authorization", TestSecrets.Primary);
        verify.Headers.TryAddWithoutValidation("X-Okta-Verification-Challenge", "abc");
        (await server.Client.SendAsync(verify)).Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Contains(logs.Entries, e => e.Message.Contains("Rejected request to hook okta from 127.0.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain(wrong, logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.Primary, logs.AllText, StringComparison.Ordinal);
    }
}

using System.Net;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hosting;

/// <summary>Secrets never appear in logs, metrics or problem bodies: not the right one, not a wrong one.</summary>
public sealed class SecretExposureTests
{
    private const string WrongSecret = "wrong-secret-guess-0123456789-qwertyuiop";

    [Fact]
    public async Task Serve_AfterRightAndWrongSecrets_ShowsNeitherInOutputOrMetrics()
    {
        using var dataDir = new TempDirectory();
        var port = HookRelayProcess.FreePort();
        await using var server = await ServeRun.StartLiveAsync(port, ["serve", "--urls", ServeRun.Url(port), "--data-dir", dataDir.Path], ServeRun.WithSecret());
        var answers = new List<string>();
        using (var client = new HttpClient { BaseAddress = ServeRun.Loopback(port), Timeout = TimeSpan.FromSeconds(10) })
        {
            Assert.Equal(HttpStatusCode.OK, (await ServeRun.VerifyAsync(client, TestSecrets.Primary)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await ServeRun.VerifyAsync(client, WrongSecret)).Status);
            foreach (var secret in new[] { TestSecrets.Primary, WrongSecret })
            {
                using var response = await client.SendAsync(RunningHookRelay.Delivery(OktaPayloads.Fresh(1).Body, secret));
                answers.Add(await response.Content.ReadAsStringAsync());
            }

            // A malformed body and an unknown hook, each with a secret attached.
            using var malformed = await client.SendAsync(RunningHookRelay.Delivery("{\"data\":", TestSecrets.Primary));
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            answers.Add(await malformed.Content.ReadAsStringAsync());
            using var unknownHook = await client.SendAsync(RunningHookRelay.Delivery(OktaPayloads.Fresh(1).Body, WrongSecret, hook: "nope"));
            Assert.Equal(HttpStatusCode.NotFound, unknownHook.StatusCode);
            answers.Add(await unknownHook.Content.ReadAsStringAsync());
            answers.Add(await client.GetStringAsync("/metrics"));
        }

        await ServeRun.StopAsync(server);
        foreach (var text in answers.Append(server.StandardOutput).Append(server.StandardError))
        {
            Assert.DoesNotContain(TestSecrets.Primary, text, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongSecret, text, StringComparison.Ordinal);
        }

        Assert.Contains("hookrelay_", answers[^1], StringComparison.Ordinal);
    }
}

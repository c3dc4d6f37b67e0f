using System.Net;
using HookRelay.Hooks;
using HookRelay.Storage;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Hooks;

/// <summary>The running server and <c>data/secrets/{hook}.rotation.json</c>, written by something else.</summary>
public sealed class RotationFileTests
{
    [Fact]
    public async Task RotationFile_WrittenWhileServing_AddsItsSecret_AndACorruptOneLeavesTheSecretsInForce()
    {
        var logs = new CapturedLogs();
        await using var server = await RunningHookRelay.StartAsync(configure: logs.AddTo);
        var store = new SecretRotationStore(new DataDirectory(server.DataDir));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(server, TestSecrets.Rotated));

        await store.UpdateAsync("okta", r => r.Rotate(TestSecrets.Primary, TestSecrets.Rotated, DateTimeOffset.MaxValue, TimeSpan.FromHours(1)), CancellationToken.None);
        await Eventually.TrueAsync(() => PostAsync(server, TestSecrets.Rotated).GetAwaiter().GetResult() == HttpStatusCode.NoContent, "the added secret is accepted");
        await Eventually.TrueAsync(() => store.Read("okta").Retiring.Single().NewSecretUsedAt is not null, "the server recorded the new secret's first use");
        // Replaced whole, as an editor saves: written in place, a poll could read it half written
        // (empty, then "{ not json"), two reasons the server would rightly report apart.
        var corrupt = store.PathFor("okta") + ".new";
        await File.WriteAllTextAsync(corrupt, "{ not json");
        File.Move(corrupt, store.PathFor("okta"), overwrite: true);
        await Eventually.TrueAsync(() => logs.AllText.Contains("could not be read or written", StringComparison.Ordinal), "the corrupt file is reported");
        await Task.Delay(TimeSpan.FromSeconds(2)); // two more polls of the same corrupt file

        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(server, TestSecrets.Primary));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(server, TestSecrets.Rotated));
        Assert.Single(logs.Entries, e => e.Message.Contains("could not be read or written", StringComparison.Ordinal));
    }

    private static async Task<HttpStatusCode> PostAsync(RunningHookRelay server, string secret)
    {
        using var response = await server.PostAsync(OktaPayloads.Fresh(1).Body, secret);
        return response.StatusCode;
    }
}

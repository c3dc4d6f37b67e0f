using System.Text.Json;
using System.Text.RegularExpressions;
using HookRelay.Tests.Infrastructure;
using HookRelay.Tests.Sinks.Http;
using HookRelay.Tests.Sinks.Nats;

namespace HookRelay.Tests.Pipeline;

/// <summary>
/// The sinks-and-routes example in README.md, taken from the README itself, with its placeholder
/// addresses and secrets pointed at real local servers: it must work as shown.
/// </summary>
public sealed partial class ReadmeConfigurationTests
{
    private const string SigningSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public async Task ReadmeExample_RoutesEachEventToItsSinks()
    {
        await using var siem = await RecordingServer.StartAsync();
        await using var splunk = await RecordingServer.StartAsync();
        await using var nats = await NatsServer.StartAsync();
        siem.VerificationSecret = SigningSecret;
        using var folder = new TempDirectory();
        var archive = Path.Combine(folder.Path, "events.jsonl");
        var json = ReadmeExample()
            .Replace("https://collector.example/ingest", siem.Url.ToString(), StringComparison.Ordinal)
            .Replace("https://splunk.example:8088/services/collector/event", splunk.Url.ToString(), StringComparison.Ordinal)
            .Replace("nats://127.0.0.1:4222", nats.Url, StringComparison.Ordinal)
            .Replace("whsec_…", SigningSecret, StringComparison.Ordinal)
            .Replace("\"…\"", "\"hec-token-0123\"", StringComparison.Ordinal)
            .Replace("data/events.jsonl", archive, StringComparison.Ordinal);
        var config = Path.Combine(folder.Path, "hookrelay.json");
        await File.WriteAllTextAsync(config, json);
        await using var server = await RunningHookRelay.StartAsync(dataDir: folder.Path, configFile: config);
        var (lifecycle, lifecycleUuids) = OktaPayloads.Fresh(1, "user.lifecycle.create");
        var (session, sessionUuids) = OktaPayloads.Fresh(1, "user.session.start");

        (await server.PostAsync(lifecycle)).Dispose();
        (await server.PostAsync(session)).Dispose();

        await Eventually.TrueAsync(() => File.Exists(archive) && File.ReadAllLines(archive).Length == 2 && siem.Requests.Count >= 1 && splunk.Requests.Count >= 1, "the archive, siem and splunk sinks");
        var signed = Assert.Single(siem.Requests);
        Assert.True(signed.SignatureValid, "the siem request must carry a valid Standard Webhooks signature");
        Assert.Equal(lifecycleUuids[0], signed.Header("webhook-id"));
        Assert.Equal("Splunk hec-token-0123", Assert.Single(splunk.Requests).Header("Authorization"));
        await using var probe = await JetStreamProbe.ConnectAsync(nats.Url);
        IReadOnlyList<StoredNatsMessage> messages = [];
        for (var i = 0; i < 100 && messages.Count == 0; i++)
        {
            await Task.Delay(200);
            messages = await probe.FindStreamConfigAsync("OKTA") is null ? [] : await probe.ReadAllAsync("OKTA");
        }

        Assert.Equal(lifecycleUuids[0], Assert.Single(messages).MsgId);
        var archived = File.ReadAllLines(archive).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uuid").GetString()).ToHashSet();
        Assert.Equal([lifecycleUuids[0], sessionUuids[0]], archived);
    }

    private static string ReadmeExample()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "README.md")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        var readme = File.ReadAllText(Path.Combine(folder.FullName, "README.md"));
        var section = readme[readme.IndexOf("## Delivering events to sinks", StringComparison.Ordinal)..];
        return JsonBlock().Match(section).Groups[1].Value;
    }

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}

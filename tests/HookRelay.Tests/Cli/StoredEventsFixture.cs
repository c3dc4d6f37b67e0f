using System.Globalization;
using System.Net;
using System.Text.Json;
using HookRelay.Tests.Infrastructure;

namespace HookRelay.Tests.Cli;

/// <summary>
/// A running server whose store holds a known set of events, posted through its real endpoint:
/// the Okta sample, events with chosen types and publish times, a unicode event with unusual
/// spacing and escapes, and an event without uuid. It keeps running while the CLI reads.
/// </summary>
public sealed class StoredEventsFixture : IAsyncLifetime
{
    public const string NoUuidType = "test.no_uuid";

    public const string UnicodeUuid = "8f1d2c3b-0a9e-4f7d-b6c5-a4e3d2c1b0f9";

    /// <summary>Compact, with odd spacing, escapes and non-ASCII text: only a byte-exact copy keeps it.</summary>
    public const string UnicodeEventJson =
        """{ "uuid" : "8f1d2c3b-0a9e-4f7d-b6c5-a4e3d2c1b0f9","published":"2026-04-01T08:00:00.000Z", "eventType":"user.account.update_profile","displayMessage":"Connexion r\u00e9ussie \u2713 — 日本語 😀","n": 1.50E+3 ,"nested":{"a":[1, 2 ,3],"quote":"\"x\"\/"} }""";

    private RunningHookRelay? _server;

    public string DataDir => Server.DataDir;

    public RunningHookRelay Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Every posted event that has a uuid.</summary>
    public IReadOnlyList<PostedEvent> Posted { get; private set; } = [];

    public DateTimeOffset StartedAt { get; private set; }

    public async Task InitializeAsync()
    {
        StartedAt = DateTimeOffset.UtcNow;
        _server = await RunningHookRelay.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var posted = new List<PostedEvent>();

        await PostAsync(OktaPayloads.TwoEventSample);
        using (var sample = JsonDocument.Parse(OktaPayloads.TwoEventSample))
        {
            foreach (var e in sample.RootElement.GetProperty("data").GetProperty("events").EnumerateArray())
            {
                posted.Add(new PostedEvent(e.GetProperty("uuid").GetString()!, e.GetProperty("eventType").GetString()!, e.GetProperty("published").GetString()!));
            }
        }

        var chosen = new List<PostedEvent>
        {
            new(Guid.NewGuid().ToString(), "user.session.end", "2026-02-10T10:00:00.000Z"),
            new(Guid.NewGuid().ToString(), "user.session.start", "2026-01-05T09:30:00.000Z"),
            new(Guid.NewGuid().ToString(), "user.lifecycle.create", "2026-03-15T12:00:00.000Z"),
            new(Guid.NewGuid().ToString(), "test.age.recent", Format(now.AddHours(-1))),
            new(Guid.NewGuid().ToString(), "test.age.old", Format(now.AddDays(-3))),
        };
        await PostAsync(OktaPayloads.Envelope(chosen.Select(p => OktaPayloads.Event(p.Uuid, p.EventType, p.Published))));
        posted.AddRange(chosen);

        await PostAsync(OktaPayloads.Envelope([UnicodeEventJson]));
        posted.Add(new PostedEvent(UnicodeUuid, "user.account.update_profile", "2026-04-01T08:00:00.000Z"));

        await PostAsync(OktaPayloads.Envelope([$$"""{"published":"2025-06-01T00:00:00.000Z","eventType":"{{NoUuidType}}","severity":"INFO"}"""]));
        Posted = posted;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private async Task PostAsync(string body)
    {
        using var response = await Server.PostAsync(body);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"Posting a fixture delivery answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
